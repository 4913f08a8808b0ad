package org.babelscope.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The built-in mini parallel corpus: 40 short everyday sentences in 11 languages and 7 scripts
 * (eng_Latn, the pivot, fra_Latn, deu_Latn, spa_Latn, swh_Latn, rus_Cyrl, ell_Grek, hin_Deva,
 * arb_Arab, zho_Hans, jpn_Jpan), line-aligned. It lets {@code demo} and tests run end to end with
 * real multilingual text and no download. The sentences and their translations were written for
 * babelscope (not taken from FLORES or any other data set) and are released under the project's
 * licence. It is read by the jsonl reader from {@value #RESOURCE} beside this class, so the file
 * doubles as an example of the jsonl format.
 */
public final class BuiltinCorpus {
    /** The resource name, relative to this class. */
    public static final String RESOURCE = "mini-parallel.jsonl";
    /** The corpus name recorded in stores. */
    public static final String NAME = "babelscope-mini-parallel";

    private BuiltinCorpus() {
    }

    /** The whole corpus. */
    public static Corpus load() {
        return load(ReadOptions.all());
    }

    /** The corpus with languages, limit or pivot chosen as for any jsonl corpus. */
    public static Corpus load(ReadOptions options) {
        byte[] bytes;
        try (InputStream in = BuiltinCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the babelscope jar");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in corpus", e);
        }
        return JsonlReader.parse(bytes, "built-in corpus " + RESOURCE, NAME, options);
    }
}
