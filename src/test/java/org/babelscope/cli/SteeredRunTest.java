package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.babelscope.lens.Lens;
import org.babelscope.lens.LensFiles;
import org.babelscope.model.TestModels;
import org.babelscope.model.gguf.ControlVectorFile;
import org.babelscope.model.gguf.TinyLlama;
import org.babelscope.store.EmbeddingStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capture --steer and eval --steer through llama.cpp on a generated model. */
class SteeredRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LAYERS = 4;
    private static final int EMBD = 64;

    @TempDir
    static Path dir;
    static Path model;
    static Path plainStore;

    @BeforeAll
    static void modelAndPlainStore() throws IOException {
        model = dir.resolve("tiny.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(LAYERS).nEmbd(EMBD).nHead(4).nHeadKv(2).nFf(128).seed(31)
                .build(), model);
        plainStore = dir.resolve("plain");
        capture(plainStore);
    }

    private static CliRunner capture(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("capture", "--model", model.toString(), "--corpus", "builtin",
                "--langs", "fra_Latn,swh_Latn", "--limit", "6", "--pooling", "mean", "--threads", "2", "--out",
                out.toString()));
        args.addAll(List.of(extra));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode, r.toString());
        return r;
    }

    private static Path randomVector(String name, int layer, double scale, long seed) throws IOException {
        Random rnd = new Random(seed);
        float[] v = new float[EMBD];
        for (int i = 0; i < EMBD; i++) {
            v[i] = (float) (scale * rnd.nextGaussian());
        }
        Path file = dir.resolve(name);
        new ControlVectorFile("llama", Map.of(layer, v)).write(file);
        return file;
    }

    /** The steered layer moves by exactly v for every text (mean pooling of states each moved by v). */
    @Test
    @Tag("both-runtimes")
    void captureWithAControlVectorMovesTheChosenLayerByExactlyTheVector() throws IOException {
        Path cv = randomVector("cv2.gguf", 2, 0.5, 3);
        float[] v = ControlVectorFile.read(cv).directions().get(2);
        Path steered = dir.resolve("steered");
        capture(steered, "--steer", cv.toString());
        try (EmbeddingStore a = EmbeddingStore.open(plainStore); EmbeddingStore b = EmbeddingStore.open(steered)) {
            assertTrue(b.manifest().steer().orElse("").startsWith("control vector on layers [2]"));
            for (String view : a.viewNames()) {
                float[][] a0 = a.view(view).layer(0).toArray();
                float[][] a1 = a.view(view).layer(1).toArray();
                assertTrue(java.util.Arrays.deepEquals(a0, b.view(view).layer(0).toArray()), view + " layer 0 untouched");
                assertTrue(java.util.Arrays.deepEquals(a1, b.view(view).layer(1).toArray()), view + " layer 1 untouched");
                float[][] a2 = a.view(view).layer(2).toArray();
                float[][] b2 = b.view(view).layer(2).toArray();
                for (int n = 0; n < a2.length; n++) {
                    for (int i = 0; i < EMBD; i++) {
                        assertEquals(a2[n][i] + v[i], b2[n][i], 1e-4, view + " item " + n + " [" + i + "]");
                    }
                }
                assertTrue(!java.util.Arrays.deepEquals(a.view(view).layer(3).toArray(), b.view(view).layer(3).toArray()),
                        "the change carries on to later layers");
            }
        }
        // An unsteered run must not resume into the steered store.
        CliRunner mixed = CliRunner.run("capture", "--model", model.toString(), "--corpus", "builtin", "--langs",
                "fra_Latn,swh_Latn,spa_Latn", "--limit", "6", "--pooling", "mean", "--out", steered.toString());
        assertEquals(2, mixed.exitCode, mixed.toString());
        assertTrue(mixed.err.contains("steering"), mixed.err);
    }

    /** With a lens, each language gets its own vector and the pivot none. */
    @Test
    void captureWithALensSteersEachLanguageByItsOwnVector() throws IOException {
        Path lensDir = dir.resolve("lens");
        CliRunner fit = CliRunner.run("lens", "fit", "--store", plainStore.toString(), "--pivot", "eng_Latn",
                "--backend", "cpu", "--out", lensDir.toString());
        assertEquals(0, fit.exitCode, fit.toString());
        Lens lens = LensFiles.read(lensDir);
        Path steered = dir.resolve("lens-steered");
        capture(steered, "--steer", lensDir.toString(), "--steer-layers", "1", "--steer-beta", "0.8");
        try (EmbeddingStore a = EmbeddingStore.open(plainStore); EmbeddingStore b = EmbeddingStore.open(steered)) {
            for (int slot = 0; slot < LAYERS; slot++) {
                assertTrue(java.util.Arrays.deepEquals(a.view("eng_Latn").layer(slot).toArray(),
                        b.view("eng_Latn").layer(slot).toArray()), "the pivot is never steered");
            }
            float[] v = lens.steering("fra_Latn", 1, 0.8, List.of(1)).get(1);
            float[][] a1 = a.view("fra_Latn").layer(1).toArray();
            float[][] b1 = b.view("fra_Latn").layer(1).toArray();
            for (int n = 0; n < a1.length; n++) {
                for (int i = 0; i < EMBD; i++) {
                    assertEquals(a1[n][i] + v[i], b1[n][i], 1e-4);
                }
            }
            // Full rank: v = β(μ_fra − μ_eng), so the steered French mean at layer 1 sits at
            // μ_fra + β(μ_fra − μ_eng): further from English, as Lens's specific term intends.
            double[] fra = lens.mean(1, "fra_Latn");
            double[] eng = lens.mean(1, "eng_Latn");
            for (int i = 0; i < EMBD; i++) {
                assertEquals(0.8 * (fra[i] - eng[i]), v[i], 1e-4);
            }
        }
    }

    /** capture checks --steer before it hashes the model: a vector that cannot apply costs no pass over it. */
    @Test
    void captureRefusesABadSteerBeforeHashingTheModel() throws IOException {
        Path wide = dir.resolve("wide-capture.gguf");
        new ControlVectorFile("llama", Map.of(1, new float[EMBD + 1])).write(wide);
        Map<String, String> cases = Map.of(wide.toString(), "embedding width is " + EMBD,
                dir.resolve("no-such-lens").toString(), "no such lens directory or control-vector file");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path out = dir.resolve("refused-store");
            CliRunner r = CliRunner.run("capture", "--model", model.toString(), "--corpus", "builtin", "--langs",
                    "fra_Latn", "--limit", "2", "--steer", c.getKey(), "--out", out.toString());
            assertEquals(2, r.exitCode, r.toString());
            assertTrue(r.err.contains(c.getValue()), r.err);
            assertTrue(!r.err.contains("hashing the file"), "refused before hashing: " + r.err);
            assertTrue(!Files.exists(out));
        }
    }

    @Test
    void evalRefusesAVectorOfTheWrongWidth() throws IOException {
        Path data = TestModels.sharedDir().resolve("data").resolve("xcopa");
        assumeTrue(Files.isDirectory(data), "no shared data");
        Path wide = dir.resolve("wide.gguf");
        new ControlVectorFile("llama", Map.of(1, new float[EMBD + 1])).write(wide);
        Path out = dir.resolve("wide.jsonl");
        CliRunner r = CliRunner.run("eval", "--model", model.toString(), "--task", "xcopa", "--data", data.toString(),
                "--langs", "it", "--limit", "2", "--steer", wide.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("embedding width is " + EMBD), r.err);
        assertTrue(!Files.exists(out));
        Path deep = randomVector("deep.gguf", LAYERS, 1, 4);
        CliRunner d = CliRunner.run("eval", "--model", model.toString(), "--task", "xcopa", "--data", data.toString(),
                "--langs", "it", "--limit", "2", "--steer", deep.toString(), "--out", out.toString());
        assertEquals(2, d.exitCode, d.toString());
        assertTrue(d.err.contains("past the model's last layer"), d.err);
        CliRunner weighted = CliRunner.run("eval", "--model", model.toString(), "--task", "xcopa", "--data",
                data.toString(), "--langs", "it", "--steer", deep.toString(), "--steer-beta", "2", "--out", out.toString());
        assertEquals(2, weighted.exitCode, weighted.toString());
        assertTrue(weighted.err.contains("apply to a lens"), weighted.err);
        CliRunner sweep = CliRunner.run("lens", "sweep", "--model", model.toString(), "--lens", dir.toString(), "--task",
                "belebele", "--data", data.toString(), "--out", dir.resolve("no-sweep").toString());
        assertEquals(2, sweep.exitCode, sweep.toString());
        assertTrue(sweep.err.contains("which only xcopa has here"), sweep.err);
        CliRunner half = CliRunner.run("lens", "report", "--eval", out.toString(), "--out", dir.resolve("r").toString());
        assertEquals(2, half.exitCode, half.toString());
        assertTrue(half.err.contains("--eval takes two files (before,after); got 1"), half.err);
    }

    /**
     * Scoring: a zero vector changes nothing; a lens leaves the pivot-language view (eng-sw) as it
     * was, bit for bit (batches never mix languages), and moves Swahili.
     */
    @Test
    @Tag("both-runtimes")
    void steeredScoringMovesOnlyTheSteeredLanguage() throws IOException {
        Path data = TestModels.sharedDir().resolve("data").resolve("xcopa");
        assumeTrue(Files.isDirectory(data), "no shared data");
        Map<String, List<double[]>> plain = loglik(eval(data, "xcopa", "plain.jsonl"));
        Path zero = dir.resolve("zero.gguf");
        new ControlVectorFile("llama", Map.of(2, new float[EMBD])).write(zero);
        assertEquals(flat(plain), flat(loglik(eval(data, "xcopa", "zero.jsonl", "--steer", zero.toString()))));
        Path lensDir = dir.resolve("lens-xcopa");
        assertEquals(0, CliRunner.run("lens", "fit", "--store", plainStore.toString(), "--pivot", "eng_Latn",
                "--backend", "cpu", "--out", lensDir.toString()).exitCode);
        Path lensOut = eval(data, "xcopa", "lens.jsonl", "--steer", lensDir.toString());
        Map<String, List<double[]>> steered = loglik(lensOut);
        assertEquals(flat(Map.of("eng-sw", plain.get("eng-sw"))), flat(Map.of("eng-sw", steered.get("eng-sw"))));
        List<Double> before = flat(Map.of("sw", plain.get("sw")));
        List<Double> after = flat(Map.of("sw", steered.get("sw")));
        double moved = 0;
        for (int i = 0; i < before.size(); i++) {
            moved = Math.max(moved, Math.abs(before.get(i) - after.get(i)));
        }
        assertTrue(moved > 1e-2, "Swahili is steered: log-likelihoods moved by " + moved);
        JsonNode summary = JSON.readTree(dir.resolve("lens.summary.json").toFile());
        JsonNode per = summary.path("settings").path("steer").path("per_language");
        assertEquals("swh_Latn", per.path("sw").path("lens_language").asText(), summary.toString());
        assertTrue(per.path("sw").path("norm").asDouble() > 0);
        assertEquals(0.0, per.path("eng-sw").path("norm").asDouble());
    }

    /**
     * The sweep scores the val split: its unsteered row is exactly eval --split val's accuracy,
     * each language's best is the argmax of its row, and a rerun reuses the finished settings.
     */
    @Test
    void sweepTunesOnValAndReportComparesBeforeAndAfter() throws IOException {
        Path data = TestModels.sharedDir().resolve("data").resolve("xcopa");
        assumeTrue(Files.isDirectory(data), "no shared data");
        Path lensDir = dir.resolve("lens-sweep");
        assertEquals(0, CliRunner.run("lens", "fit", "--store", plainStore.toString(), "--pivot", "eng_Latn",
                "--backend", "cpu", "--out", lensDir.toString()).exitCode);
        Path sweepDir = dir.resolve("sweep");
        String[] sweep = {"lens", "sweep", "--model", model.toString(), "--lens", lensDir.toString(), "--task", "xcopa",
            "--data", data.toString(), "--langs", "sw,eng-sw", "--limit", "8", "--betas", "1,4", "--layer-ranges",
            "2-3,3", "--threads", "2", "--out", sweepDir.toString()};
        CliRunner r = CliRunner.run(sweep);
        assertEquals(0, r.exitCode, r.toString());
        JsonNode report = JSON.readTree(sweepDir.resolve("sweep.json").toFile());
        Path val = eval(data, "xcopa", "val.jsonl", "--split", "val", "--limit", "8");
        JsonNode valSummary = JSON.readTree(dir.resolve("val.summary.json").toFile());
        for (String lang : List.of("sw", "eng-sw")) {
            JsonNode l = report.path("per_language").path(lang);
            assertEquals(valSummary.path("per_language").path(lang).path("acc").asDouble(), l.path("none_acc").asDouble());
            double best = Double.NEGATIVE_INFINITY;
            for (JsonNode acc : l.path("acc")) {
                best = Math.max(best, acc.asDouble());
            }
            assertEquals(best, l.path("best_acc").asDouble(), lang);
            assertEquals(5, l.path("acc").size(), "none + 2 betas x 2 ranges");
        }
        // The English side is never steered: every setting scores it as none does.
        for (JsonNode acc : report.path("per_language").path("eng-sw").path("acc")) {
            assertEquals(report.path("per_language").path("eng-sw").path("none_acc").asDouble(), acc.asDouble());
        }
        assertTrue(Files.exists(sweepDir.resolve("a1_b4_l2-3.jsonl")));
        CliRunner again = CliRunner.run(sweep);
        assertEquals(0, again.exitCode, again.toString());
        assertEquals(report, JSON.readTree(sweepDir.resolve("sweep.json").toFile()));
        assertTrue(Files.exists(val));

        // lens report: before/after from two evals of the test split.
        eval(data, "xcopa", "r-plain.jsonl");
        eval(data, "xcopa", "r-steered.jsonl", "--steer", lensDir.toString(), "--steer-layers", "3");
        Path reportDir = dir.resolve("lens-report");
        CliRunner rep = CliRunner.run("lens", "report", "--eval", dir.resolve("r-plain.summary.json") + ","
                + dir.resolve("r-steered.summary.json"), "--out", reportDir.toString());
        assertEquals(0, rep.exitCode, rep.toString());
        JsonNode json = JSON.readTree(reportDir.resolve("report.json").toFile());
        JsonNode plainSummary = JSON.readTree(dir.resolve("r-plain.summary.json").toFile());
        JsonNode steeredSummary = JSON.readTree(dir.resolve("r-steered.summary.json").toFile());
        for (String lang : List.of("sw", "eng-sw")) {
            JsonNode row = json.path("per_language").path(lang);
            assertEquals(plainSummary.path("per_language").path(lang).path("acc").asDouble(),
                    row.path("acc").path("before").asDouble());
            assertEquals(steeredSummary.path("per_language").path(lang).path("acc").asDouble(),
                    row.path("acc").path("after").asDouble());
        }
        assertEquals(0.0, json.path("per_language").path("eng-sw").path("steer_norm").asDouble());
        assertTrue(json.path("per_language").path("sw").path("steer_norm").asDouble() > 0);
        assertTrue(Files.readString(reportDir.resolve("report.md")).contains("| sw |"));
        // Runs that differ in more than steering are not compared.
        CliRunner mismatch = CliRunner.run("lens", "report", "--eval", dir.resolve("r-plain.summary.json") + ","
                + dir.resolve("val.summary.json"), "--out", dir.resolve("bad-report").toString());
        assertEquals(2, mismatch.exitCode, mismatch.toString());
        assertTrue(mismatch.err.contains("differ in split"), mismatch.err);
    }

    /** Generation: a zero vector gives the same text, a large one another. */
    @Test
    @Tag("both-runtimes")
    void steeredGenerationUsesTheVector() throws IOException {
        Path data = TestModels.sharedDir().resolve("data").resolve("mgsm");
        assumeTrue(Files.isDirectory(data), "no shared data");
        Path zero = dir.resolve("zero-gen.gguf");
        new ControlVectorFile("llama", Map.of(2, new float[EMBD])).write(zero);
        Path big = randomVector("big.gguf", 2, 40, 5);
        List<String> plain = texts(eval(data, "mgsm", "g-plain.jsonl"));
        assertEquals(plain, texts(eval(data, "mgsm", "g-zero.jsonl", "--steer", zero.toString())));
        assertNotEquals(plain, texts(eval(data, "mgsm", "g-big.jsonl", "--steer", big.toString())));
        JsonNode fidelity = JSON.readTree(dir.resolve("g-plain.summary.json").toFile())
                .path("per_language").path("de").path("off_target");
        assertTrue(fidelity.path("supported").asBoolean(), fidelity.toString());
        assertEquals(3, fidelity.path("answers").asInt(), fidelity.toString());
    }

    /**
     * Generation batches languages steered alike together and gives a language with other vectors
     * calls of its own, its vectors set on the session: a run of several languages writes, for
     * each, what a run of that language alone writes (a lens: the pivot unsteered, each other
     * language its own vectors; a file: every language the same ones, in shared batches).
     */
    @Test
    void steeredGenerationOfSeveralLanguagesEqualsEachLanguageAlone() throws IOException {
        Path data = TestModels.sharedDir().resolve("data").resolve("mgsm");
        assumeTrue(Files.isDirectory(data), "no shared data");
        Path lensDir = dir.resolve("lens-generation");
        assertEquals(0, CliRunner.run("lens", "fit", "--store", plainStore.toString(), "--pivot", "eng_Latn",
                "--backend", "cpu", "--out", lensDir.toString()).exitCode);
        Path cv = randomVector("shared-gen.gguf", 2, 40, 6);
        List<String> plainFr = texts(generate(data, "fr", "alone-plain-fr.jsonl"));
        for (Path steer : List.of(lensDir, cv)) {
            String tag = steer.getFileName().toString();
            List<String> together = texts(generate(data, "en,fr,sw", "all-" + tag + ".jsonl", "--steer", steer.toString()));
            List<String> alone = new ArrayList<>();
            for (String lang : List.of("en", "fr", "sw")) {
                alone.addAll(texts(generate(data, lang, "alone-" + lang + "-" + tag + ".jsonl", "--steer",
                        steer.toString())));
            }
            assertEquals(alone, together, tag);
            assertEquals(9, together.size());
            assertNotEquals(plainFr, together.subList(3, 6), tag + " steers fr");
        }
    }

    private static Path generate(Path data, String langs, String name, String... extra) throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("eval", "--model", model.toString(), "--task", "mgsm", "--data",
                data.toString(), "--langs", langs, "--max-new-tokens", "12", "--limit", "3", "--threads", "2",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode, r.toString());
        return out;
    }

    private static Path eval(Path data, String task, String name, String... extra) throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("eval", "--model", model.toString(), "--task", task, "--data",
                data.toString(), "--langs", task.equals("xcopa") ? "sw,eng-sw" : "de", "--max-new-tokens", "12",
                "--threads", "2", "--out", out.toString()));
        if (!List.of(extra).contains("--limit")) {
            args.addAll(List.of("--limit", "3"));
        }
        args.addAll(List.of(extra));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode, r.toString());
        return out;
    }

    private static Map<String, List<double[]>> loglik(Path predictions) throws IOException {
        Map<String, List<double[]>> out = new TreeMap<>();
        for (String line : Files.readAllLines(predictions)) {
            JsonNode n = JSON.readTree(line);
            double[] ll = new double[n.get("loglik").size()];
            for (int i = 0; i < ll.length; i++) {
                ll[i] = n.get("loglik").get(i).asDouble();
            }
            out.computeIfAbsent(n.get("lang").asText(), k -> new ArrayList<>()).add(ll);
        }
        return out;
    }

    private static List<Double> flat(Map<String, List<double[]>> m) {
        List<Double> out = new ArrayList<>();
        m.values().forEach(list -> list.forEach(a -> {
            for (double x : a) {
                out.add(x);
            }
        }));
        return out;
    }

    private static List<String> texts(Path predictions) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(predictions)) {
            out.add(JSON.readTree(line).path("generation").asText());
        }
        return out;
    }
}
