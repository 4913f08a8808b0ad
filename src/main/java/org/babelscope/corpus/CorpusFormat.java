package org.babelscope.corpus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.babelscope.BadInputException;

/** The corpus layouts {@code capture --format} reads; see {@link Corpora} for each. */
public enum CorpusFormat {
    /** A folder of line-aligned files {@code <lang>.devtest}, {@code <lang>.dev} or {@code <lang>.txt}. */
    FLORES,
    /** A folder of pairs {@code tatoeba.<xxx>-eng.<xxx>} and {@code tatoeba.<xxx>-eng.eng}. */
    TATOEBA,
    /** A folder of {@code <lang>_choice<k>.txt}: one file per language and answer option (Belebele, XStoryCloze). */
    OPTIONS,
    /** The XCOPA repository layout: {@code data/<lang>/<split>.<lang>.jsonl} and {@code data-gmt/...}. */
    XCOPA,
    /** One JSON object per line, mapping view names to texts. */
    JSONL;

    /** The name on the command line: {@code flores}, {@code tatoeba}, … */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code name} (any case); BadInputException listing the formats otherwise. */
    public static CorpusFormat parse(String name) {
        for (CorpusFormat f : values()) {
            if (f.cliName().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new BadInputException("unknown corpus format \"" + name + "\"; formats: " + cliNames());
    }

    /** "flores|tatoeba|options|xcopa|jsonl". */
    public static String cliNames() {
        return Arrays.stream(values()).map(CorpusFormat::cliName).collect(Collectors.joining("|"));
    }
}
