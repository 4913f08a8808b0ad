package org.babelscope.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.babelscope.report.ResultFiles;
import org.babelscope.runner.RunnerJournal;

/**
 * predictions.jsonl, written so that an interrupted run loses nothing and redoes nothing: lines go
 * to {@code <out>.partial} as each batch finishes (flushed), beside {@code <out>.partial.json}
 * holding the run's settings; a rerun with the same settings skips the items already there. At
 * the end the lines are sorted (language order, then item) into {@code <out>} atomically and the
 * partial files are removed. A line cut short by a kill is dropped and its item scored again.
 */
public final class PredictionsFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path out;
    private final Path partial;
    private final Path settingsFile;
    private final Set<String> done = new HashSet<>();
    private final OutputStream stream;
    private final String resumeNote;

    private PredictionsFile(Path out, ObjectNode settings) throws IOException {
        this.out = out;
        this.partial = out.resolveSibling(out.getFileName() + ".partial");
        this.settingsFile = out.resolveSibling(out.getFileName() + ".partial.json");
        String note = null;
        if (Files.exists(partial) && Files.exists(settingsFile)) {
            JsonNode previous = readSettings();
            if (settings.equals(previous)) {
                int kept = keepCompleteLines();
                note = "resuming: " + kept + " predictions already in " + partial;
            } else {
                note = "discarding " + partial + ": it was made with other settings";
                Files.delete(partial);
            }
        }
        if (!Files.exists(partial)) {
            if (out.getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            // Until a prediction is in, these are no resumable work: a crash of the runner removes them.
            RunnerJournal.created(settingsFile);
            RunnerJournal.created(partial);
            Files.write(settingsFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
            Files.write(partial, new byte[0]);
        }
        this.resumeNote = note;
        this.stream = Files.newOutputStream(partial, StandardOpenOption.APPEND);
    }

    /** Opens (or resumes) the predictions of a run with these settings. */
    public static PredictionsFile open(Path out, ObjectNode settings) throws IOException {
        return new PredictionsFile(out, settings);
    }

    /** A line saying what was resumed or discarded, or null for a fresh start. */
    public String resumeNote() {
        return resumeNote;
    }

    public boolean isDone(String lang, int item) {
        return done.contains(key(lang, item));
    }

    public int doneCount() {
        return done.size();
    }

    /** Appends the lines and flushes them to the file. */
    public void append(List<ObjectNode> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode line : lines) {
            sb.append(JSON.writeValueAsString(line)).append('\n');
        }
        stream.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        stream.flush();
        if (done.isEmpty() && !lines.isEmpty()) {
            RunnerJournal.finished(settingsFile);
            RunnerJournal.finished(partial);
        }
        for (ObjectNode line : lines) {
            done.add(key(line.get("lang").asText(), line.get("item").asInt()));
        }
    }

    /**
     * Writes {@code <out>}: every line, ordered by {@code languages} then item, and removes the
     * partial files. Returns the lines.
     */
    public List<JsonNode> finish(List<String> languages) throws IOException {
        stream.close();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(partial, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        lines.sort(Comparator.<JsonNode>comparingInt(n -> languages.indexOf(n.get("lang").asText()))
                .thenComparingInt(n -> n.get("item").asInt()));
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : lines) {
            sb.append(JSON.writeValueAsString(n)).append('\n');
        }
        ResultFiles.writeAtomically(out, sb.toString().getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(partial);
        Files.deleteIfExists(settingsFile);
        return lines;
    }

    private JsonNode readSettings() {
        try {
            return JSON.readTree(settingsFile.toFile());
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** Reads the finished lines; cuts the file after the last complete one. */
    private int keepCompleteLines() throws IOException {
        byte[] bytes = Files.readAllBytes(partial);
        int end = 0;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException broken) {
                    break;
                }
                if (n == null || !n.has("lang") || !n.has("item")) {
                    break;
                }
                done.add(key(n.get("lang").asText(), n.get("item").asInt()));
                end = i + 1;
                start = i + 1;
            }
        }
        if (end < bytes.length) {
            try (var ch = Files.newByteChannel(partial, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
        return done.size();
    }

    private static String key(String lang, int item) {
        return lang + "\u0000" + item;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
