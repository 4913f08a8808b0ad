package org.babelscope.runner;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a runner tells the user's process about its files, so that after a crash the user's process
 * can name the model and leave no partial output behind while keeping finished, resumable work.
 *
 * <p>Writers call these methods wherever they are; outside a runner they do nothing. Each call
 * appends one line (kind, tab, absolute path) to the file named by the runner's environment. A
 * crash can cut the last line; {@link #read} ignores a line without its newline.
 */
public final class RunnerJournal {
    private static final Path FILE = Optional.ofNullable(System.getenv(Isolation.JOURNAL_ENV)).map(Path::of).orElse(null);

    private RunnerJournal() {
    }

    /** The model file about to be handed to llama.cpp. */
    public static void model(Path file) {
        append("model", file);
    }

    /** An output this run creates (it did not exist): removed after a crash unless {@link #finished}. */
    public static void created(Path output) {
        append("created", output);
    }

    /** A temporary file or folder: removed after a crash if still there. */
    public static void temporary(Path path) {
        append("temporary", path);
    }

    /** {@code output} now holds finished work a rerun resumes from: kept after a crash. */
    public static void finished(Path output) {
        append("finished", output);
    }

    private static synchronized void append(String kind, Path path) {
        if (FILE == null) {
            return;
        }
        String p = path.toAbsolutePath().normalize().toString();
        if (p.indexOf('\n') >= 0) {
            return;
        }
        try (FileOutputStream out = new FileOutputStream(FILE.toFile(), true)) {
            out.write((kind + "\t" + p + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The journal only serves the clean-up after a crash; the run itself goes on.
        }
    }

    /** What a runner's journal says, read by the user's process. */
    record Entries(List<Path> models, Set<Path> created, Set<Path> temporary, Set<Path> finished) {
        Optional<Path> lastModel() {
            return models.isEmpty() ? Optional.empty() : Optional.of(models.get(models.size() - 1));
        }
    }

    static Entries read(Path file) throws IOException {
        List<Path> models = new ArrayList<>();
        Set<Path> created = new LinkedHashSet<>();
        Set<Path> temporary = new LinkedHashSet<>();
        Set<Path> finished = new LinkedHashSet<>();
        if (Files.isRegularFile(file)) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    continue;
                }
                Path p = Path.of(line.substring(tab + 1));
                switch (line.substring(0, tab)) {
                    case "model" -> models.add(p);
                    case "created" -> created.add(p);
                    case "temporary" -> temporary.add(p);
                    case "finished" -> finished.add(p);
                    default -> {
                    }
                }
            }
        }
        return new Entries(models, created, temporary, finished);
    }
}
