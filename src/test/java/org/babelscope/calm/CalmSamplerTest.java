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

    /**
     * Batched: every language x sample of a question in one call, with the seeds of the
     * one-at-a-time run (a hash of run seed, language (cn = zh), item, sample), so the file is the
     * same; a question with one language done asks only for the other's samples.
     */
    @Test
    void everyLanguageAndSampleOfAQuestionIsOneBatchWithTheSameSeeds() throws IOException {
        ObjectNode settings = JSON.createObjectNode().put("run", 2);
        Sampler sampler = new Sampler(3, 5);
        Sampler.Generator echo = (prompt, seed) -> prompt.lines().skip(1).findFirst().orElseThrow() + " seed " + seed;
        Path single = tmp.resolve("single.jsonl");
        try (PredictionsFile file = PredictionsFile.open(single, settings)) {
            sampler.run(questions(3), file, echo, (done, total) -> { });
            file.finish(List.of("en", "de"));
        }
        List<List<Sampler.Request>> calls = new ArrayList<>();
        Sampler.Batch batch = requests -> {
            calls.add(requests);
            return requests.stream().map(r -> echo.generate(r.prompt(), r.seed())).toList();
        };
        Path batched = tmp.resolve("batched.jsonl");
        try (PredictionsFile file = PredictionsFile.open(batched, settings)) {
            sampler.runBatched(questions(3), file, batch, (done, total) -> { });
            file.finish(List.of("en", "de"));
        }
        assertEquals(JsonLinesFile.read(single, JsonNode.class), JsonLinesFile.read(batched, JsonNode.class));
        assertEquals(3, calls.size(), "one call per question");
        for (int q = 0; q < 3; q++) {
            List<Sampler.Request> c = calls.get(q);
            assertEquals(6, c.size(), "2 languages x 3 samples");
            for (int i = 0; i < 6; i++) {
                Sampler.Request r = c.get(i);
                assertEquals(List.of("en", "de").get(i / 3), r.lang());
                assertEquals(q, r.item());
                assertEquals(i % 3, r.sample());
                assertEquals(java.util.Objects.hash(5L, r.lang(), q, i % 3), r.seed());
            }
        }
        assertEquals(sampler.seed("zh", 4, 1), sampler.seed("cn", 4, 1), "cn is zh");

        // One language of question 1 done: the rerun asks for the other's three samples only.
        Path partial = tmp.resolve("partial.jsonl");
        try (PredictionsFile file = PredictionsFile.open(partial, settings)) {
            sampler.runBatched(questions(1), file, batch, (done, total) -> { });
        }
        List<CalmQuestion> withDeOnly = new ArrayList<>(questions(2));
        calls.clear();
        try (PredictionsFile file = PredictionsFile.open(partial, settings)) {
            var first = withDeOnly.get(1).byLanguage().entrySet().iterator().next();
            file.append(List.of((ObjectNode) JsonLinesFile.read(batched, JsonNode.class).stream()
                    .filter(l -> l.get("item").asInt() == 1 && l.get("lang").asText().equals(first.getKey()))
                    .findFirst().orElseThrow()));
            sampler.runBatched(withDeOnly, file, batch, (done, total) -> { });
            file.finish(List.of("en", "de"));
        }
        assertEquals(1, calls.size());
        assertEquals(List.of("de", "de", "de"), calls.get(0).stream().map(Sampler.Request::lang).toList());
        assertEquals(JsonLinesFile.read(batched, JsonNode.class).stream().filter(l -> l.get("item").asInt() < 2).toList(),
                JsonLinesFile.read(partial, JsonNode.class));
    }
}
