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
import java.util.List;
import java.util.Random;
import org.babelscope.metrics.TestViews;
import org.babelscope.store.Dtype;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The align command end to end, in-process: results against an independent reference, and bad input. */
class AlignCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Integer> LAYERS = List.of(2, 3, 5);
    private static final int N = 61;
    private static final int D = 24;

    @TempDir
    Path tmp;

    /** views[lang][layer] = items x d, in double (already rounded to float). */
    private double[][][][] writeStore(Path dir, String... langs) throws IOException {
        Random rnd = new Random(77);
        double[][][][] data = new double[langs.length][LAYERS.size()][][];
        for (int slot = 0; slot < LAYERS.size(); slot++) {
            double noise = 0.6 + 0.5 * slot;
            double[][] pivot = null;
            for (int v = 0; v < langs.length; v++) {
                double[][][] pair = TestViews.parallel(rnd, N, D, noise * (v + 1));
                if (pivot == null) {
                    pivot = pair[0];
                }
                data[v][slot] = v == 0 ? pivot : TestViews.partnerOf(rnd, pivot, noise * v);
            }
        }
        StoreWriter w = StoreWriter.create(dir, Manifest.create(LAYERS).withDtype(Dtype.F32));
        for (int v = 0; v < langs.length; v++) {
            double[][][] view = data[v];
            w.writeView(langs[v], N, D, slot -> org.babelscope.compute.FloatMatrix.of(view[slot]));
        }
        return data;
    }

    @Test
    void resultsMatchTheReferenceForEveryLanguageAndLayer() throws IOException {
        Path store = tmp.resolve("store");
        double[][][][] data = writeStore(store, "eng", "fra", "yor");
        Path out = tmp.resolve("results.json");
        CliRunner r = CliRunner.run("align", "--store", store.toString(), "--pivot", "eng", "--backend", "cpu",
                "--tile-mb", "1", "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode json = JSON.readTree(out.toFile());
        assertEquals(List.of(2, 3, 5), JSON.convertValue(json.get("layers"), List.class));
        for (int v = 1; v < 3; v++) {
            String lang = v == 1 ? "fra" : "yor";
            double meanMexa = 0;
            for (int slot = 0; slot < LAYERS.size(); slot++) {
                org.babelscope.metrics.TestViews.Expected ref = TestViews.expected(data[0][slot], data[v][slot], 4);
                assumeTrue(ref.minGap() > 2e-6, "near-tie in drawn data");
                assertEquals(ref.cos(), at(json, "cos", lang, slot), 1e-5);
                assertEquals(ref.mexa(), at(json, "mexa", lang, slot), 0.0);
                assertEquals(ref.retrieval(), at(json, "retrieval", lang, slot), 0.0);
                assertEquals(ref.retrievalRev(), at(json, "retrieval_rev", lang, slot), 0.0);
                assertEquals(ref.margin(), at(json, "margin", lang, slot), 0.0);
                assertEquals(ref.marginRev(), at(json, "margin_rev", lang, slot), 0.0);
                meanMexa += ref.mexa() / LAYERS.size();
            }
            JsonNode entry = json.at("/metrics/mexa/per_language/" + lang);
            assertEquals(meanMexa, entry.get("mean").asDouble(), 1e-12);
        }
        assertTrue(r.out.contains("fra") && r.out.contains("mexa"), "a table on stdout: " + r.out);
    }

    private static double at(JsonNode json, String metric, String lang, int slot) {
        return json.at("/metrics/" + metric + "/per_language/" + lang + "/per_layer/" + slot).asDouble();
    }

    @Test
    void layersAndMetricsCanBeNarrowed() throws IOException {
        Path store = tmp.resolve("store");
        writeStore(store, "eng", "fra");
        Path out = tmp.resolve("r.json");
        CliRunner r = CliRunner.run("align", "--store", store.toString(), "--pivot", "eng", "--metrics", "cos",
                "--layers", "3-5", "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode json = JSON.readTree(out.toFile());
        assertEquals(List.of(3, 5), JSON.convertValue(json.get("layers"), List.class));
        assertEquals(List.of("cos"), List.copyOf(iterable(json.get("metrics").fieldNames())));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private void assertBadInput(Path out, String expectedInMessage, String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains(expectedInMessage), "message should mention '" + expectedInMessage + "': " + r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
        assertFalse(Files.exists(out), "no partial output");
    }

    @Test
    void badInputExitsTwoWithAMessageAndNoOutput() throws IOException {
        Path store = tmp.resolve("store");
        writeStore(store, "eng", "fra");
        Path out = tmp.resolve("never.json");
        String s = store.toString();
        String o = out.toString();
        assertBadInput(out, "pivot 'deu'", "align", "--store", s, "--pivot", "deu", "--out", o);
        assertBadInput(out, "unknown metric bleu", "align", "--store", s, "--pivot", "eng", "--metrics", "cos,bleu", "--out", o);
        assertBadInput(out, "no layer [9]", "align", "--store", s, "--pivot", "eng", "--layers", "9", "--out", o);
        assertBadInput(out, "no layer in 6-8", "align", "--store", s, "--pivot", "eng", "--layers", "6-8", "--out", o);
        assertBadInput(out, "not a layer number", "align", "--store", s, "--pivot", "eng", "--layers", "x", "--out", o);
        assertBadInput(out, "unknown backend", "align", "--store", s, "--pivot", "eng", "--backend", "tpu", "--out", o);
        assertBadInput(out, "--threads must be", "align", "--store", s, "--pivot", "eng", "--threads", "-1", "--out", o);
        assertBadInput(out, "--tile-mb must be", "align", "--store", s, "--pivot", "eng", "--tile-mb", "0", "--out", o);
        assertBadInput(out, "does not exist", "align", "--store", tmp.resolve("nowhere").toString(), "--pivot", "eng", "--out", o);
        assertBadInput(out, "Missing required option", "align", "--store", s, "--out", o);
    }

    @Test
    void nanInAViewIsBadInputNamingViewLayerAndItem() throws IOException {
        Path store = tmp.resolve("store");
        Random rnd = new Random(3);
        float[][][] good = new float[2][5][4];
        float[][][] bad = new float[2][5][4];
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < 5; i++) {
                for (int t = 0; t < 4; t++) {
                    good[l][i][t] = (float) rnd.nextGaussian();
                    bad[l][i][t] = (float) rnd.nextGaussian();
                }
            }
        }
        bad[1][3][2] = Float.NaN;
        Files.createDirectories(store);
        StoreWriter.writeNpy(store.resolve("eng.npy"), Dtype.F32, good);
        StoreWriter.writeNpy(store.resolve("fra.npy"), Dtype.F32, bad);
        Files.writeString(store.resolve("manifest.json"), "{\"format\":\"babelscope-store/1\",\"layers\":[0,1],"
                + "\"views\":{\"eng\":{\"file\":\"eng.npy\",\"shape\":[2,5,4]},\"fra\":{\"file\":\"fra.npy\",\"shape\":[2,5,4]}}}");
        Path out = tmp.resolve("r.json");
        assertBadInput(out, "view 'fra', layer 1, item 3", "align", "--store", store.toString(), "--pivot", "eng",
                "--out", out.toString());
    }

    @Test
    void viewsOfDifferentItemCountsAreBadInput() throws IOException {
        Path store = tmp.resolve("store");
        Files.createDirectories(store);
        StoreWriter.writeNpy(store.resolve("eng.npy"), Dtype.F32, new float[][][] {{{1, 2}, {3, 4}, {5, 6}}});
        StoreWriter.writeNpy(store.resolve("fra.npy"), Dtype.F32, new float[][][] {{{1, 2}, {3, 4}}});
        Files.writeString(store.resolve("manifest.json"), "{\"format\":\"babelscope-store/1\",\"layers\":[0],"
                + "\"views\":{\"eng\":{\"file\":\"eng.npy\",\"shape\":[1,3,2]},\"fra\":{\"file\":\"fra.npy\",\"shape\":[1,2,2]}}}");
        Path out = tmp.resolve("r.json");
        CliRunner r = CliRunner.run("align", "--store", store.toString(), "--pivot", "eng", "--out", out.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("eng") && r.err.contains("fra"), r.err);
        assertFalse(Files.exists(out));
    }

    /** Two views of 2 layers x n items x d, fra identical to eng, so every metric is 1 before tampering. */
    private Path identicalViews(String name, int n, int d, java.util.function.Consumer<float[][][]> tamperFra)
            throws IOException {
        Path store = tmp.resolve(name);
        Random rnd = new Random(11);
        float[][][] eng = new float[2][n][d];
        float[][][] fra = new float[2][n][d];
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < d; t++) {
                    eng[l][i][t] = (float) rnd.nextGaussian();
                    fra[l][i][t] = eng[l][i][t];
                }
            }
        }
        tamperFra.accept(fra);
        Files.createDirectories(store);
        StoreWriter.writeNpy(store.resolve("eng.npy"), Dtype.F32, eng);
        StoreWriter.writeNpy(store.resolve("fra.npy"), Dtype.F32, fra);
        String shape = "[2," + n + "," + d + "]";
        Files.writeString(store.resolve("manifest.json"), "{\"format\":\"babelscope-store/1\",\"layers\":[0,1],"
                + "\"views\":{\"eng\":{\"file\":\"eng.npy\",\"shape\":" + shape + "},\"fra\":{\"file\":\"fra.npy\",\"shape\":"
                + shape + "}}}");
        return store;
    }

    private static final List<String> ALL_METRICS = List.of("cos", "mexa", "retrieval", "retrieval_rev", "margin", "margin_rev");

    @Test
    void aRowOfTinyNormIsScoredLikeTheSameRowAtUnitScale() throws IOException {
        // Scaled by 1e-42 the floats are subnormal; 1 / norm overflows float, and the normalised
        // row used to come out Inf/NaN and crash the top-k (ArrayIndexOutOfBoundsException, exit 1).
        int n = 20;
        Path store = identicalViews("tiny", n, 8, fra -> {
            for (int t = 0; t < 8; t++) {
                fra[1][3][t] *= 1e-42f;
            }
        });
        Path out = tmp.resolve("tiny.json");
        CliRunner r = CliRunner.run("align", "--store", store.toString(), "--pivot", "eng", "--backend", "cpu",
                "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode json = JSON.readTree(out.toFile());
        for (String metric : ALL_METRICS) {
            for (int slot = 0; slot < 2; slot++) {
                // cosine is scale-invariant: the row still matches its partner, up to the few
                // bits a subnormal float keeps.
                assertEquals(1.0, at(json, metric, "fra", slot), metric.equals("cos") ? 1e-3 : 0.0, metric + " layer " + slot);
            }
        }
    }

    @Test
    void aZeroRowHasCosineZeroAndIsNeverAHit() throws IOException {
        int n = 20;
        Path store = identicalViews("zero", n, 8, fra -> {
            java.util.Arrays.fill(fra[0][0], 0f);
            java.util.Arrays.fill(fra[1][3], 0f);
        });
        Path out = tmp.resolve("zero.json");
        CliRunner r = CliRunner.run("align", "--store", store.toString(), "--pivot", "eng", "--backend", "cpu",
                "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode json = JSON.readTree(out.toFile());
        for (String metric : ALL_METRICS) {
            for (int slot = 0; slot < 2; slot++) {
                assertEquals((n - 1) / (double) n, at(json, metric, "fra", slot), 1e-6, metric + " layer " + slot);
            }
        }
    }

    @Test
    void aManifestThatIsNotUtf8IsBadInputNamingIt() throws IOException {
        Path store = identicalViews("latin1", 5, 4, fra -> { });
        Path manifest = store.resolve("manifest.json");
        byte[] json = Files.readAllBytes(manifest);
        byte[] bad = new byte[json.length + 3];
        System.arraycopy(json, 0, bad, 0, json.length);
        bad[json.length] = (byte) 0xff; // never valid in UTF-8
        bad[json.length + 1] = (byte) 0xfe;
        bad[json.length + 2] = (byte) 0xe9;
        Files.write(manifest, bad);
        Path out = tmp.resolve("r.json");
        assertBadInput(out, manifest + " is not valid UTF-8", "align", "--store", store.toString(), "--pivot", "eng",
                "--out", out.toString());
    }

    @Test
    void aManifestThatIsAFolderIsBadInputNamingIt() throws IOException {
        Path store = tmp.resolve("folder");
        Files.createDirectories(store.resolve("manifest.json"));
        Path out = tmp.resolve("r.json");
        assertBadInput(out, store.resolve("manifest.json") + " is a directory", "align", "--store", store.toString(),
                "--pivot", "eng", "--out", out.toString());
    }

    @Test
    void threadsFarBeyondTheCoresAreBadInput() throws IOException {
        // --threads 10000 crashed libgomp (SIGSEGV); the bound is the one LlamaRunOptions uses.
        Path store = identicalViews("threads", 5, 4, fra -> { });
        Path out = tmp.resolve("r.json");
        int cores = Runtime.getRuntime().availableProcessors();
        assertBadInput(out, "--threads 10000 is more than 4 x the " + cores + " cores here", "align", "--store",
                store.toString(), "--pivot", "eng", "--threads", "10000", "--out", out.toString());
        assertBadInput(out, "--threads " + (4 * cores + 1) + " is more than 4 x", "bench", "align", "--threads",
                String.valueOf(4 * cores + 1));
        CliRunner ok = CliRunner.run("align", "--store", store.toString(), "--pivot", "eng", "--backend", "cpu",
                "--threads", String.valueOf(4 * cores), "--out", out.toString());
        assertEquals(0, ok.exitCode, ok.toString());
    }
}
