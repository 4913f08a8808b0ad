package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.corpus.BuiltinCorpus;
import org.babelscope.model.GgufEdit;
import org.babelscope.model.TestModels;
import org.babelscope.model.gguf.GgufFile;
import org.babelscope.model.gguf.GgufValue;
import org.babelscope.model.gguf.TinyLlama;
import org.babelscope.model.llama.KvType;
import org.babelscope.model.llama.ModelOpener;
import org.babelscope.model.llama.Pooling;
import org.babelscope.model.llama.Session;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void model() throws IOException {
        model = dir.resolve("tiny.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(3).nEmbd(64).nHead(4).nHeadKv(2).nFf(128).seed(9).build(), model);
    }

    @Test
    void storeHoldsWhatTheSessionComputesAndAlignReadsIt() throws IOException {
        Path store = dir.resolve("store-mean");
        CliRunner r = CliRunner.run("capture", "--model", model.toString(), "--corpus", "builtin", "--langs",
                "fra_Latn,zho_Hans", "--limit", "10", "--pooling", "mean", "--layers", "1-2", "--batch", "3",
                "--threads", "2", "--out", store.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("3 views captured"), r.out);

        List<String> zh = BuiltinCorpus.load().view("zho_Hans").texts().subList(0, 10);
        float[] direct;
        try (ModelOpener.Opened o = ModelOpener.open(model, 0);
             Session s = new Session(o.model(), 1024, 16, 2, KvType.F32)) {
            List<int[]> seqs = new ArrayList<>();
            for (String t : zh) {
                seqs.add(o.model().tokenize(t, true));
            }
            direct = s.capture(seqs, Pooling.MEAN, 1, 2);
        }
        try (EmbeddingStore es = EmbeddingStore.open(store)) {
            assertEquals(List.of(1, 2), es.layers());
            assertEquals(List.of("eng_Latn", "fra_Latn", "zho_Hans"), es.viewNames());
            Manifest m = es.manifest();
            assertEquals("mean", m.pooling().orElseThrow());
            assertEquals(3, m.model().orElseThrow().nLayer());
            StoreView v = es.view("zho_Hans");
            for (int slot = 0; slot < 2; slot++) {
                FloatMatrix layer = v.layer(slot);
                for (int i = 0; i < 10; i++) {
                    for (int e = 0; e < 64; e++) {
                        // Batches of 3 in the store, one batch of 10 here: the same numbers.
                        assertEquals(direct[(slot * 10 + i) * 64 + e], layer.get(i, e), 1e-5f);
                    }
                }
            }
        }
        CliRunner a = CliRunner.run("align", "--store", store.toString(), "--pivot", "eng_Latn", "--out",
                store.resolve("results.json").toString());
        assertEquals(0, a.exitCode, a.toString());
    }

    @Test
    @Tag("both-runtimes")
    void badModelFilesAreRefusedBeforeLlamaCppSeesThemAndNothingIsWritten() throws IOException {
        byte[] good = Files.readAllBytes(model);
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("truncated", java.util.Arrays.copyOf(good, good.length / 2));
        byte[] magic = good.clone();
        magic[0] = 'X';
        bad.put("magic", magic);
        bad.put("text", "Hello, this is not a model.\n".getBytes(StandardCharsets.UTF_8));
        byte[] absurd = good.clone();
        java.nio.ByteBuffer.wrap(absurd).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(8, Long.MAX_VALUE / 2);
        bad.put("tensor-count", absurd);
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            files.add(Files.write(dir.resolve("bad-" + e.getKey() + ".gguf"), e.getValue()));
        }
        files.add(GgufEdit.of(GgufFile.open(model)).put("general.architecture", GgufValue.string("mamba9"))
                .write(dir.resolve("bad-arch.gguf")));
        files.add(dir.resolve("missing.gguf"));
        for (Path f : files) {
            Path store = dir.resolve("never-" + f.getFileName());
            CliRunner r = CliRunner.run("capture", "--model", f.toString(), "--corpus", "builtin", "--limit", "2",
                    "--out", store.toString());
            assertEquals(2, r.exitCode, f + ": " + r);
            String error = r.err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
            assertTrue(error.contains(f.getFileName().toString()), "one error line naming the file: " + r.err);
            assertFalse(r.err.contains("Exception"), r.err);
            assertFalse(Files.exists(store), "no store for a refused model");
        }
        Path vocabOnly = TestModels.llamaSpmVocab();
        CliRunner r = CliRunner.run("capture", "--model", vocabOnly.toString(), "--corpus", "builtin", "--out",
                dir.resolve("never-vocab").toString());
        assertEquals(2, r.exitCode, r.toString());
    }

    /** A rerun into a store that differs only in --limit says that the number of items is the cause. */
    @Test
    void aRerunWithAnotherLimitNamesTheLimit() {
        Path store = dir.resolve("limit-store");
        CliRunner first = CliRunner.run("capture", "--model", model.toString(), "--corpus", "builtin", "--limit", "2",
                "--layers", "1", "--out", store.toString());
        assertEquals(0, first.exitCode, first.toString());
        CliRunner again = CliRunner.run("capture", "--model", model.toString(), "--corpus", "builtin", "--limit", "3",
                "--layers", "1", "--out", store.toString());
        assertEquals(2, again.exitCode, again.toString());
        assertTrue(again.err.contains("store " + store) && again.err.contains("2 items per view, this run has 3")
                && again.err.contains("--limit 2"), again.err);
    }

    @Test
    void badOptionsExitWithTwo() {
        String[][] cases = {
            {"--pooling", "max"}, {"--layers", "2-7"}, {"--kv-type", "q4"}, {"--dtype", "f64"}, {"--batch", "0"},
            {"--langs", "klingon"}};
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("capture", "--model", model.toString(), "--corpus", "builtin",
                    "--out", dir.resolve("never-opt").toString()));
            args.addAll(List.of(c));
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(2, r.exitCode, String.join(" ", c) + ": " + r);
            assertFalse(Files.exists(dir.resolve("never-opt").resolve("manifest.json")));
        }
    }

    /**
     * A capture killed (SIGKILL, no chance to clean up) after some views, then run again, ends
     * with the same files as a run never interrupted: finished views are kept, not recomputed.
     */
    @Test
    void killedCaptureResumesToIdenticalResults() throws Exception {
        Path big = dir.resolve("slower.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(4).nEmbd(384).nHead(6).nHeadKv(2).nFf(1024).seed(4).build(), big);
        Path killed = dir.resolve("killed");
        List<String> args = List.of("capture", "--model", big.toString(), "--corpus", "builtin", "--threads", "2",
                "--batch", "8", "--out", killed.toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path manifest = killed.resolve("manifest.json");
        int done = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(manifest)) {
                done = Manifest.read(manifest).views().size();
                if (done >= 2) {
                    break;
                }
            }
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the capture ended before it could be killed: " + Files.readString(dir.resolve("killed.log")));
        p.destroyForcibly().waitFor();
        int views = BuiltinCorpus.load().views().size();
        int before = Manifest.read(manifest).views().size();
        assertTrue(before >= 2 && before < views, before + " views before the kill");

        CliRunner resumed = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, resumed.exitCode, resumed.toString());
        assertTrue(resumed.out.contains((views - before) + " views captured, " + before + " already complete"),
                resumed.out);
        Path clean = dir.resolve("clean");
        List<String> cleanArgs = new ArrayList<>(args);
        cleanArgs.set(cleanArgs.size() - 1, clean.toString());
        assertEquals(0, CliRunner.run(cleanArgs.toArray(String[]::new)).exitCode);
        Manifest a = Manifest.read(manifest);
        Manifest b = Manifest.read(clean.resolve("manifest.json"));
        assertEquals(b.views().keySet(), a.views().keySet());
        for (String v : b.views().keySet()) {
            assertEquals(b.views().get(v).sha256(), a.views().get(v).sha256(), v);
        }
        try (var leftovers = Files.list(killed)) {
            assertTrue(leftovers.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary files remain");
        }
    }
}
