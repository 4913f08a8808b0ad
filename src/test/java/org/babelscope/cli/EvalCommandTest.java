package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.babelscope.model.ReferenceLlama;
import org.babelscope.model.TestModels;
import org.babelscope.model.gguf.TinyLlama;
import org.babelscope.model.llama.ModelOpener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval end to end: log-likelihoods against the double reference, the shared data sets, bad input. */
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static final String[][] ITEMS = {
        {"en", "The man broke his toe because", "he dropped a hammer on his foot.", "he got a hole in his sock.", "0"},
        {"en", "It rained all night, so", "the streets were wet.", "the sun was hot.", "the cat sang.", "0"},
        {"fr", "L'homme s'est cassé l'orteil parce que", "il avait un trou dans sa chaussette.",
            "il a laissé tomber un marteau sur son pied.", "1"},
        {"fr", "Il a plu toute la nuit, donc", "les rues étaient mouillées.", "le soleil brillait.", "0"},
        {"zh", "那个人摔断了脚趾，因为", "他把锤子掉在了脚上。", "他的袜子破了一个洞。", "0"},
    };

    private Path taskFile() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String[] it : ITEMS) {
            var n = JSON.createObjectNode();
            n.put("lang", it[0]);
            n.put("premise", it[1]);
            var opts = n.putArray("options");
            for (int k = 2; k < it.length - 1; k++) {
                opts.add(it[k]);
            }
            n.put("label", Integer.parseInt(it[it.length - 1]));
            lines.add(JSON.writeValueAsString(n));
        }
        Path f = tmp.resolve("task.jsonl");
        Files.write(f, lines);
        return f;
    }

    private Path model() throws IOException {
        Path file = tmp.resolve("m.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(2).nEmbd(64).nHead(4).nHeadKv(2).nFf(128).seed(21).build(), file);
        return file;
    }

    private static List<JsonNode> read(Path jsonl) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(jsonl)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    @Tag("both-runtimes")
    void logLikelihoodsAndPredictionsMatchTheReferenceModel() throws IOException {
        Path model = model();
        Path out = tmp.resolve("run/predictions.jsonl");
        CliRunner r = CliRunner.run("eval", "--model", model.toString(), "--task", "jsonl-mc", "--data",
                taskFile().toString(), "--batch", "4", "--batch-tokens", "256", "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        List<JsonNode> lines = read(out);
        // Byte-level vocabulary: ~100 tokens an item, so the five items take several decodes.
        lines.forEach(l -> assertFalse(l.has("truncated"), l.toString()));
        assertEquals(ITEMS.length, lines.size());
        ReferenceLlama ref = ReferenceLlama.load(model);
        int[] correctByLang = new int[3];
        try (ModelOpener.Opened opened = ModelOpener.open(model, 0)) {
            for (int i = 0; i < ITEMS.length; i++) {
                String[] it = ITEMS[i];
                JsonNode line = lines.get(i);
                assertEquals(it[0], line.get("lang").asText());
                int[] ctx = opened.model().tokenize(it[1], true);
                int best = 0;
                double bestLl = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < it.length - 3; k++) {
                    // lm-evaluation-harness: the whole tokenised, the context's tokens cut off.
                    int[] whole = opened.model().tokenize(it[1] + " " + it[k + 2], true);
                    double want = ref.logLikelihood(whole, ctx.length);
                    assertEquals(want, line.get("loglik").get(k).asDouble(), 1e-3 * Math.abs(want), "item " + i + " option " + k);
                    if (want > bestLl) {
                        bestLl = want;
                        best = k;
                    }
                }
                assertEquals(best, line.get("prediction").asInt());
                int gold = Integer.parseInt(it[it.length - 1]);
                assertEquals(gold, line.get("gold").asInt());
                assertEquals(best == gold, line.get("correct").asBoolean());
                correctByLang[List.of("en", "fr", "zh").indexOf(it[0])] += best == gold ? 1 : 0;
            }
        }
        JsonNode summary = JSON.readTree(tmp.resolve("run/predictions.summary.json").toFile());
        assertEquals(correctByLang[0] / 2.0, summary.at("/per_language/en/acc").asDouble(), 1e-12);
        assertEquals(correctByLang[1] / 2.0, summary.at("/per_language/fr/acc").asDouble(), 1e-12);
        assertEquals(correctByLang[2], summary.at("/per_language/zh/acc").asDouble(), 1e-12);
        assertFalse(Files.exists(tmp.resolve("run/predictions.jsonl.partial")));

        // The naive loop scores the same requests one per decode: the same numbers.
        Path naive = tmp.resolve("naive.jsonl");
        CliRunner n = CliRunner.run("eval", "--model", model.toString(), "--task", "jsonl-mc", "--data",
                taskFile().toString(), "--naive", "--out", naive.toString());
        assertEquals(0, n.exitCode, n.toString());
        List<JsonNode> naiveLines = read(naive);
        for (int i = 0; i < ITEMS.length; i++) {
            for (int k = 0; k < lines.get(i).get("loglik").size(); k++) {
                double a = lines.get(i).get("loglik").get(k).asDouble();
                assertEquals(a, naiveLines.get(i).get("loglik").get(k).asDouble(), 1e-4 * Math.abs(a));
            }
        }
    }

    @Test
    void badTaskFileIsExitTwoNamingTheLineWithNothingWritten() throws IOException {
        Path f = tmp.resolve("bad.jsonl");
        Files.write(f, List.of("{\"lang\":\"en\",\"premise\":\"a\",\"options\":[\"b\",\"c\"],\"label\":0}",
                "{\"lang\":\"en\",\"premise\":\"a\",\"options\":[\"b\",\"c\"],\"label\":5}"));
        Path out = tmp.resolve("p.jsonl");
        CliRunner r = CliRunner.run("eval", "--model", model().toString(), "--task", "jsonl-mc", "--data", f.toString(),
                "--out", out.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("bad.jsonl") && r.err.contains("2"), r.err);
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("p.")).toList());
        }
    }

    /** The README: an unknown language is refused with exit 2 and a message naming the file and line. */
    @Test
    void unknownLanguageIsExitTwoNamingFileLineAndLanguageWithNothingWritten() throws IOException {
        Path f = tmp.resolve("langs.jsonl");
        Files.write(f, List.of("{\"lang\":\"en\",\"premise\":\"a\",\"options\":[\"b\",\"c\"],\"label\":0}",
                "{\"lang\":\"xx\",\"premise\":\"a\",\"options\":[\"b\",\"c\"],\"label\":0}"));
        Path out = tmp.resolve("q.jsonl");
        CliRunner r = CliRunner.run("eval", "--model", model().toString(), "--task", "jsonl-mc", "--data", f.toString(),
                "--out", out.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains(f + ", line 2") && r.err.contains("unknown language \"xx\""), r.err);
        assertEquals("", r.out, "stdout carries results only");
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("q.")).toList());
        }
        // The spellings correlate reads, and the English side of one, are languages.
        Files.write(f, List.of("{\"lang\":\"deu_Latn\",\"premise\":\"a\",\"options\":[\"b\",\"c\"],\"label\":0}",
                "{\"lang\":\"eng-de\",\"premise\":\"a\",\"options\":[\"b\",\"c\"],\"label\":0}",
                "{\"lang\":\"fra\",\"premise\":\"a\",\"options\":[\"b\",\"c\"],\"label\":0}"));
        CliRunner ok = CliRunner.run("eval", "--model", model().toString(), "--task", "jsonl-mc", "--data", f.toString(),
                "--out", out.toString());
        assertEquals(0, ok.exitCode, ok.toString());
    }

    @Test
    void notAModelIsExitTwo() throws IOException {
        Path bogus = tmp.resolve("bogus.gguf");
        Files.writeString(bogus, "GGUF but not really");
        CliRunner r = CliRunner.run("eval", "--model", bogus.toString(), "--task", "jsonl-mc", "--data",
                taskFile().toString(), "--out", tmp.resolve("p.jsonl").toString());
        assertEquals(2, r.exitCode, r.toString());
        assertFalse(Files.exists(tmp.resolve("p.jsonl")));
    }

    /** Every data set of ../shared/data through the real stories260K, a few items each. */
    @Test
    void runsOnEverySharedDataSetWithStories260K() throws IOException {
        runEverySharedDataSet(TestModels.stories260K());
    }

    /** The same through a generated model (byte-level tokenizer, random weights). */
    @Test
    void runsOnEverySharedDataSetWithAGeneratedModel() throws IOException {
        runEverySharedDataSet(model());
    }

    private void runEverySharedDataSet(Path model) throws IOException {
        Path data = TestModels.sharedDir().resolve("data");
        assumeTrue(Files.isDirectory(data), "no shared data");
        String[][] runs = {
            {"xcopa", "xcopa", "it,eng-it,zh", "4"},
            {"xcsqa", "xcsqa", "en,de", "4"},
            {"belebele", "belebele-options", "eng_Latn,amh_Ethi", "3"},
            {"xstorycloze", "xstorycloze-options", "english,basque", "3"},
            {"mgsm", "mgsm", "en,de", "2"},
        };
        for (String[] run : runs) {
            Path out = tmp.resolve(run[0] + ".jsonl");
            CliRunner r = CliRunner.run("eval", "--model", model.toString(), "--task", run[0], "--data",
                    data.resolve(run[1]).toString(), "--langs", run[2], "--limit", run[3], "--max-new-tokens", "16",
                    "--out", out.toString());
            assertEquals(0, r.exitCode, r.toString());
            List<JsonNode> lines = read(out);
            int langs = run[2].split(",").length;
            assertEquals(langs * Integer.parseInt(run[3]), lines.size(), run[0]);
            boolean gold = !run[1].endsWith("-options");
            for (JsonNode l : lines) {
                assertEquals(gold, !l.get("correct").isNull(), run[0] + ": " + l);
            }
        }
    }
}
