package org.babelscope.corpus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real data sets in {@code ../shared/data} (see its README). A fresh clone has no such folder,
 * so tests that need it skip rather than fail.
 */
public final class SharedData {
    static final Path ROOT = org.babelscope.model.TestModels.sharedDir().resolve("data");

    private SharedData() {
    }

    /** {@code ../shared/data/<name>}, or the calling test is skipped when it is absent. */
    public static Path dir(String name) {
        Path dir = ROOT.resolve(name);
        assumeTrue(Files.isDirectory(dir), "skipped: real data " + dir.toAbsolutePath() + " is absent");
        return dir;
    }

    /** Line count the way {@code wc -l} and Java's own line reader see it (a second method beside ours). */
    static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All lines through java.nio's reader, for comparing item texts. */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of the files in {@code dir} that end with {@code suffix}. */
    static List<String> namesEndingWith(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
