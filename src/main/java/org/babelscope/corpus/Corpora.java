package org.babelscope.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The one entry point from a path on disk to a {@link Corpus}. The formats:
 * <dl>
 *   <dt>{@code flores}</dt><dd>a folder of line-aligned {@code <lang>.devtest|.dev|.txt} files;
 *       views {@code <lang>}; pivot {@code eng_Latn} (or {@code eng}, {@code en}); one split per
 *       corpus ({@link FloresReader})</dd>
 *   <dt>{@code tatoeba}</dt><dd>a folder of {@code tatoeba.<xxx>-eng.<xxx|eng>} pairs; views
 *       {@code <xxx>} and {@code eng-<xxx>}; pivot {@code eng}, paired ({@link TatoebaReader})</dd>
 *   <dt>{@code options}</dt><dd>a folder of {@code <lang>_choice<k>.txt}; views
 *       {@code <lang>.opt<k>}; pivot {@code eng_Latn} or {@code english} ({@link OptionsReader})</dd>
 *   <dt>{@code xcopa}</dt><dd>the XCOPA repository folder; views {@code <lang>.opt1|2} and
 *       {@code eng-<lang>.opt1|2}; pivot {@code eng}, paired; gold labels
 *       ({@link XcopaReader}, {@link XcopaText})</dd>
 *   <dt>{@code jsonl}</dt><dd>one file, a JSON object per line mapping view names to texts
 *       ({@link JsonlReader})</dd>
 * </dl>
 * Common rules: the pivot's views come first, then each selected language's, languages in sorted
 * order (jsonl: the file's key order); {@code langs} selects languages and always keeps the
 * pivot; {@code limit} keeps the first N items of every view; files are strict UTF-8, one item per
 * '\n'-terminated line ({@link TextLines}). Every problem with the input is a
 * {@link org.babelscope.BadInputException} that names the file, and the line where there is one.
 */
public final class Corpora {
    private Corpora() {
    }

    /**
     * Reads the corpus at {@code path}.
     *
     * @param langs languages to keep, empty for all (the pivot is always kept)
     * @param limit the first {@code limit} items, 0 for all
     */
    public static Corpus read(Path path, CorpusFormat format, List<String> langs, int limit) {
        return read(path, format, ReadOptions.all().withLangs(langs).withLimit(limit));
    }

    /** Reads the corpus at {@code path} with every option: languages, limit, pivot, split. */
    public static Corpus read(Path path, CorpusFormat format, ReadOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        return switch (format) {
            case FLORES -> FloresReader.read(path, options);
            case TATOEBA -> TatoebaReader.read(path, options);
            case OPTIONS -> OptionsReader.read(path, options);
            case XCOPA -> XcopaReader.read(path, options);
            case JSONL -> JsonlReader.read(path, options);
        };
    }
}
