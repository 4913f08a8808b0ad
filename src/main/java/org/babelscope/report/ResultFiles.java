package org.babelscope.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.babelscope.BadInputException;
import org.babelscope.runner.RunnerJournal;
import org.babelscope.stats.JsonInput;

/**
 * Result files and directories: written whole or not at all (to a temporary sibling first, then
 * renamed over), and checked before one is replaced or read back.
 */
public final class ResultFiles {
    private ResultFiles() {
    }

    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        RunnerJournal.temporary(tmp);
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes a directory of files whole or not at all: into a temporary sibling directory, then
     * renamed to {@code dir}. An existing {@code dir} is replaced (the caller checks beforehand
     * that it holds an earlier output of the same command): it is renamed aside, the new one is
     * renamed in, and the old one deleted; if that rename fails, the old one is put back.
     *
     * @param files relative file name → content
     */
    public static void writeDirectoryAtomically(Path dir, Map<String, byte[]> files) throws IOException {
        Path tmp = temporaryDirectoryFor(dir);
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = tmp.resolve(f.getKey()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IllegalArgumentException("file name leaves the directory: " + f.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            moveIntoPlace(tmp, dir);
        } finally {
            deleteTree(tmp);
        }
    }

    /** A new empty sibling of {@code dir} to build its next version in. */
    private static Path temporaryDirectoryFor(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path tmp = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".");
        RunnerJournal.temporary(tmp);
        return tmp;
    }

    /**
     * Renames the complete directory {@code tmp} to {@code dir}. An existing {@code dir} is
     * renamed aside first and deleted after; if the rename fails, it is put back.
     */
    public static void moveIntoPlace(Path tmp, Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Path old = null;
        try {
            if (Files.exists(absolute)) {
                old = absolute.resolveSibling("." + absolute.getFileName() + ".old-" + System.nanoTime());
                Files.move(absolute, old);
            }
            try {
                Files.move(tmp, absolute);
            } catch (IOException e) {
                if (old != null) {
                    Files.move(old, absolute);
                    old = null;
                }
                throw e;
            }
        } finally {
            if (old != null) {
                deleteTree(old);
            }
        }
    }

    /**
     * Checks that an existing {@code dir} is an earlier output of the same kind (it holds
     * {@code marker}), so replacing it never deletes somebody else's files.
     *
     * @throws BadInputException if {@code dir} is a file, or a non-empty directory without {@code marker}
     */
    public static void requireReplaceable(Path dir, String marker, String what) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + " exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent() && !Files.isRegularFile(dir.resolve(marker))) {
                throw new BadInputException(dir + " exists and is not " + what + " (it has no " + marker
                        + "); choose another --out");
            }
        }
    }

    /**
     * The JSON summary of a result directory that {@code babelscope <kind> fit} writes (lens.json,
     * lift.json): read and checked to be of {@code format}.
     *
     * @throws BadInputException if {@code dir} has no {@code file}, or it is not JSON of that format
     */
    public static JsonNode readSummary(Path dir, String file, String format, String kind) {
        Path summary = dir.resolve(file);
        if (!Files.isRegularFile(summary)) {
            throw new BadInputException(dir + " is not a " + kind + " directory: it has no " + file
                    + " (make one with: babelscope " + kind + " fit)");
        }
        JsonNode root = JsonInput.readJson(summary, kind + " summary");
        if (!format.equals(root.path("format").asText())) {
            throw new BadInputException(summary + " is not a " + format + " file (format: " + root.path("format") + ")");
        }
        return root;
    }

    /** Deletes a directory and everything below it; nothing when it is absent. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
