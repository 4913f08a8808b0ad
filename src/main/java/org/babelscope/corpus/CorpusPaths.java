package org.babelscope.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import org.babelscope.BadInputException;

/** Checks that a corpus path is what its format needs, with messages that point to the right format. */
final class CorpusPaths {
    private CorpusPaths() {
    }

    static void requireDirectory(Path path, CorpusFormat format, String layout) {
        if (!Files.exists(path)) {
            throw new BadInputException("corpus path " + path + " does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw new BadInputException("--format " + format.cliName() + " reads a folder of " + layout + ", but "
                    + path + " is a file" + FormatGuess.hint(path, format));
        }
    }

    static void requireFile(Path path, CorpusFormat format, String layout) {
        if (!Files.exists(path)) {
            throw new BadInputException("corpus path " + path + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new BadInputException("--format " + format.cliName() + " reads " + layout + ", but " + path
                    + " is a folder" + FormatGuess.hint(path, format));
        }
    }

    /** The last name of {@code path}, the default corpus name. */
    static String baseName(Path path) {
        Path name = path.toAbsolutePath().normalize().getFileName();
        return name == null ? path.toString() : name.toString();
    }
}
