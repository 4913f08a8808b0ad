package org.babelscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.babelscope.BadInputException;
import org.babelscope.stats.JsonInput;

/** The report commands' {@code --option BEFORE[,AFTER]}: one or two JSON result files. */
final class BeforeAfterInputs {
    private BeforeAfterInputs() {
    }

    /**
     * {before, after}; both null when the option was not given, after null when one file was.
     *
     * @param pairOnly whether a single file is refused (the comparison needs both)
     */
    static JsonNode[] read(String option, List<Path> files, boolean pairOnly) {
        JsonNode[] out = new JsonNode[2];
        if (files == null) {
            return out;
        }
        if (files.size() > 2 || (pairOnly && files.size() != 2)) {
            throw new BadInputException(option + " takes " + (pairOnly ? "two files" : "one file, or two")
                    + " (before,after); got " + files.size());
        }
        for (int i = 0; i < files.size(); i++) {
            out[i] = JsonInput.readJson(files.get(i), option);
        }
        return out;
    }
}
