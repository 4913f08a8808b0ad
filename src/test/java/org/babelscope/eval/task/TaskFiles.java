package org.babelscope.eval.task;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.function.Executable;

/** Small task files for tests. */
final class TaskFiles {
    private TaskFiles() {
    }

    static Path write(Path file, String... lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code run} fails with a message holding every one of {@code parts}. */
    static BadInputException fails(Executable run, String... parts) {
        BadInputException e = assertThrows(BadInputException.class, run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks \"" + part + "\": " + e.getMessage());
        }
        return e;
    }
}
