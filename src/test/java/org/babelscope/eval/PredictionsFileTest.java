package org.babelscope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming predictions: finished lines kept, a line cut by a kill dropped, other settings start over. */
class PredictionsFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static ObjectNode settings(int shots) {
        ObjectNode s = JSON.createObjectNode();
        s.put("task", "xcopa");
        s.put("shots", shots);
        return s;
    }

    private static ObjectNode line(String lang, int item) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lang", lang);
        n.put("item", item);
        n.put("correct", item % 2 == 0);
        return n;
    }

    @Test
    void resumesKeepingCompleteLinesAndDroppingTheCutOne() throws IOException {
        Path out = tmp.resolve("p.jsonl");
        try (PredictionsFile f = PredictionsFile.open(out, settings(0))) {
            assertNull(f.resumeNote());
            f.append(List.of(line("it", 1), line("it", 0)));
            f.append(List.of(line("sw", 0)));
        }
        // A kill in the middle of a write leaves half a line.
        Files.write(out.resolveSibling("p.jsonl.partial"), "{\"lang\":\"sw\",\"ite".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        assertFalse(Files.exists(out));
        try (PredictionsFile f = PredictionsFile.open(out, settings(0))) {
            assertTrue(f.resumeNote().startsWith("resuming: 3"), f.resumeNote());
            assertTrue(f.isDone("it", 0) && f.isDone("it", 1) && f.isDone("sw", 0));
            assertFalse(f.isDone("sw", 1));
            f.append(List.of(line("sw", 1)));
            List<JsonNode> lines = f.finish(List.of("sw", "it"));
            assertEquals(4, lines.size());
        }
        List<String> written = Files.readAllLines(out);
        assertEquals(List.of("sw/0", "sw/1", "it/0", "it/1"), written.stream().map(l -> {
            try {
                JsonNode n = JSON.readTree(l);
                return n.get("lang").asText() + "/" + n.get("item").asInt();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList());
        assertFalse(Files.exists(out.resolveSibling("p.jsonl.partial")));
        assertFalse(Files.exists(out.resolveSibling("p.jsonl.partial.json")));
    }

    @Test
    void otherSettingsDiscardThePartialRun() throws IOException {
        Path out = tmp.resolve("p.jsonl");
        try (PredictionsFile f = PredictionsFile.open(out, settings(0))) {
            f.append(List.of(line("it", 0)));
        }
        try (PredictionsFile f = PredictionsFile.open(out, settings(3))) {
            assertTrue(f.resumeNote().startsWith("discarding"), f.resumeNote());
            assertFalse(f.isDone("it", 0));
            assertEquals(0, f.doneCount());
        }
    }
}
