package org.babelscope.calm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.eval.PredictionsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalmSamplerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<CalmQuestion> questions(int n) {
        List<CalmQuestion> qs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, LanguageSamples> byLanguage = new LinkedHashMap<>();
            for (String lang : List.of("en", "de")) {
                byLanguage.put(lang, new LanguageSamples("Answer.", "Q" + i + " " + lang + "\nA. x\nB. y", List.of()));
            }
            qs.add(new CalmQuestion(i, "A", byLanguage));
        }
        return qs;
    }

    @Test
    void anInterruptedRunResumesWithoutRedoingFinishedQuestions() throws IOException {
        Path out = tmp.resolve("samples.jsonl");
        ObjectNode settings = JSON.createObjectNode().put("run", 1);
        Sampler sampler = new Sampler(2, 5);
        List<String> calls = new ArrayList<>();
        Sampler.Generator echo = (prompt, seed) -> {
            calls.add(prompt);
            return prompt.lines().findFirst().orElseThrow() + " seed " + seed;
        };
        // Dies on the fifth answer: two question x language lines (four answers) are finished.
        try (PredictionsFile file = PredictionsFile.open(out, settings)) {
            assertThrows(IllegalStateException.class, () -> sampler.run(questions(2), file, (prompt, seed) -> {
                if (calls.size() == 4) {
                    throw new IllegalStateException("killed");
                }
                return echo.generate(prompt, seed);
            }, (done, total) -> { }));
        }
        calls.clear();
        try (PredictionsFile file = PredictionsFile.open(out, settings)) {
            assertEquals(2, file.doneCount());
            sampler.run(questions(2), file, echo, (done, total) -> { });
            file.finish(List.of("en", "de"));
        }
        assertEquals(4, calls.size(), "only the two unfinished lines, two answers each");

        // The same answers as a run never interrupted: every answer has its own seed.
        Path fresh = tmp.resolve("fresh.jsonl");
        try (PredictionsFile file = PredictionsFile.open(fresh, settings)) {
            sampler.run(questions(2), file, echo, (done, total) -> { });
            file.finish(List.of("en", "de"));
        }
        List<JsonNode> resumed = JsonLinesFile.read(out, JsonNode.class);
        assertEquals(JsonLinesFile.read(fresh, JsonNode.class), resumed);
        assertEquals(4, resumed.size());
        assertEquals("Answer.", resumed.get(0).get("samples").get(0).asText().split(" seed ")[0]);
    }
}
