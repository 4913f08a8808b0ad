package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.babelscope.BadInputException;
import org.babelscope.compute.Backends;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.lift.LiftFiles;
import org.babelscope.lift.LiftFit;
import org.babelscope.lift.MapMethod;
import org.babelscope.store.Dtype;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiftCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Integer> LAYERS = List.of(0, 1);
    private static final int N = 150;
    private static final int D = 16;

    @TempDir
    static Path dir;
    static Path store;

    /**
     * English states X; French = X·Rᵀ + small noise (a rotation of English, so W = R maps it
     * back); Swahili = an unrelated random cloud. Seeds fixed.
     */
    @BeforeAll
    static void writeStore() throws IOException {
        store = dir.resolve("store");
        write(store, new Random(51), D, N);
    }

    private static void write(Path target, Random rnd, int d, int n) throws IOException {
        float[][][] eng = new float[LAYERS.size()][n][d];
        float[][][] fra = new float[LAYERS.size()][n][d];
        float[][][] swh = new float[LAYERS.size()][n][d];
        for (int s = 0; s < LAYERS.size(); s++) {
            double[][] r = LensCommandTest.orthonormal(rnd, d, d);
            for (int i = 0; i < n; i++) {
                double[] x = new double[d];
                for (int j = 0; j < d; j++) {
                    x[j] = rnd.nextGaussian();
                    eng[s][i][j] = (float) x[j];
                    swh[s][i][j] = (float) rnd.nextGaussian();
                }
                for (int j = 0; j < d; j++) {
                    double v = 0;
                    for (int q = 0; q < d; q++) {
                        v += x[q] * r[j][q]; // (X·Rᵀ)[i][j] with R's rows r[j]
                    }
                    fra[s][i][j] = (float) (v + 0.05 * rnd.nextGaussian());
                }
            }
        }
        StoreWriter w = StoreWriter.create(target, Manifest.create(LAYERS).withDtype(Dtype.F32));
        w.writeView("eng_Latn", n, d, s -> FloatMatrix.of(eng[s]));
        w.writeView("fra_Latn", n, d, s -> FloatMatrix.of(fra[s]));
        w.writeView("swh_Latn", n, d, s -> FloatMatrix.of(swh[s]));
    }

    @Test
    void procrustesLiftsTheRotatedLanguageAndReportsByTier() throws IOException {
        Path lift = dir.resolve("lift");
        CliRunner fit = CliRunner.run("lift", "fit", "--store", store.toString(), "--pivot", "eng_Latn", "--backend",
                "cpu", "--out", lift.toString());
        assertEquals(0, fit.exitCode, fit.toString());
        assertTrue(fit.out.contains("procrustes maps for 2 languages x 2 layers"), fit.out);
        Path report = dir.resolve("report");
        CliRunner rep = CliRunner.run("lift", "report", "--lift", lift.toString(), "--store", store.toString(),
                "--by-tier", "--backend", "cpu", "--out", report.toString());
        assertEquals(0, rep.exitCode, rep.toString());
        JsonNode json = JSON.readTree(report.resolve("report.json").toFile());
        JsonNode fra = json.path("per_language").path("fra_Latn");
        for (int s = 0; s < LAYERS.size(); s++) {
            // A random rotation scrambles the pairs; the fitted one puts every held-out item back.
            assertTrue(fra.path("mexa").path("before").get(s).asDouble() < 0.5, fra.toString());
            assertEquals(1.0, fra.path("mexa").path("after").get(s).asDouble(), fra.toString());
            assertTrue(fra.path("cos").path("after").get(s).asDouble() > 0.99, fra.toString());
        }
        assertEquals("high", fra.path("tier").asText());
        assertEquals("low", json.path("per_language").path("swh_Latn").path("tier").asText());
        JsonNode byTier = json.path("by_tier").path("mexa");
        assertEquals(JSON.valueToTree(List.of("fra_Latn")), byTier.path("high").path("languages"));
        assertEquals(1.0, byTier.path("high").path("after").get(0).asDouble());
        assertEquals(0.0, byTier.path("high").path("gap_to_pivot_after").asDouble(), 1e-12);
        assertEquals("fra_Latn", json.path("by_tier").path("most_gained").get(0).asText());
        assertTrue(Files.size(report.resolve("mexa-by-tier.png")) > 1000);

        // apply: the mapped held-out store, aligned by align, gives what the report measured.
        Path lifted = dir.resolve("lifted");
        Path heldOut = dir.resolve("held-out");
        CliRunner apply = CliRunner.run("lift", "apply", "--lift", lift.toString(), "--store", store.toString(),
                "--before-out", heldOut.toString(), "--backend", "cpu", "--out", lifted.toString());
        assertEquals(0, apply.exitCode, apply.toString());
        int heldOutItems = json.path("held_out_items").asInt();
        assertEquals(30, heldOutItems);
        for (Path p : List.of(lifted, heldOut)) {
            Path results = dir.resolve(p.getFileName() + ".json");
            CliRunner align = CliRunner.run("align", "--store", p.toString(), "--pivot", "eng_Latn", "--metrics",
                    "cos,mexa", "--backend", "cpu", "--out", results.toString());
            assertEquals(0, align.exitCode, align.toString());
            JsonNode a = JSON.readTree(results.toFile()).path("metrics").path("mexa").path("per_language")
                    .path("fra_Latn").path("per_layer");
            String side = p == lifted ? "after" : "before";
            for (int s = 0; s < LAYERS.size(); s++) {
                assertEquals(fra.path("mexa").path(side).get(s).asDouble(), a.get(s).asDouble(), 1e-12, side);
            }
        }
    }

    /** A fit interrupted after its first language resumes there: that map is not refitted. */
    @Test
    void anInterruptedFitResumesWithoutRefittingFinishedLanguages() throws Exception {
        Path whole = dir.resolve("lift-whole");
        Path resumed = dir.resolve("lift-resumed");
        List<String> langs = List.of("fra_Latn", "swh_Latn");
        List<Integer> slots = List.of(0, 1);
        try (EmbeddingStore st = EmbeddingStore.open(store)) {
            Kernels cpu = Backends.cpu();
            new LiftFit(cpu).fit(st, "eng_Latn", langs, slots, MapMethod.PROCRUSTES, 1, 0.2, 7, whole,
                    (done, total) -> { });
            // Interrupted at the first fit of the second language (after the first was written).
            RuntimeException stop = new RuntimeException("interrupted");
            RuntimeException thrown = assertThrows(RuntimeException.class,
                    () -> new LiftFit(cpu).fit(st, "eng_Latn", langs, slots,
                            MapMethod.PROCRUSTES, 1, 0.2, 7, resumed, (done, total) -> {
                                if (done == slots.size() + 1) {
                                    throw stop;
                                }
                            }));
            assertEquals(stop, thrown);
            assertFalse(Files.exists(resumed), "nothing at the target before the fit is complete");
            Path partial = dir.resolve(".lift-resumed.partial");
            Path fra = partial.resolve("maps").resolve("fra_Latn.npy");
            assertTrue(Files.isRegularFile(fra));
            assertFalse(Files.exists(partial.resolve("maps").resolve("swh_Latn.npy")));
            FileTime before = Files.getLastModifiedTime(fra);
            Files.setLastModifiedTime(fra, FileTime.fromMillis(1_000_000L)); // a marker

            // Other options are refused while the partial folder is there.
            assertThrows(BadInputException.class, () -> new LiftFit(cpu).fit(st, "eng_Latn", langs, slots,
                    MapMethod.RIDGE, 1, 0.2, 7, resumed, (d, t) -> { }));

            LiftFit again = new LiftFit(cpu);
            List<Long> progress = new ArrayList<>();
            again.fit(st, "eng_Latn", langs, slots, MapMethod.PROCRUSTES, 1, 0.2, 7, resumed,
                    (done, total) -> progress.add(done));
            assertEquals(List.of("fra_Latn"), again.resumed());
            assertEquals(List.of(2L, 3L, 4L), progress, "the finished language counts at once, the other is fitted");
            assertFalse(Files.exists(partial), "the partial folder became the lift");
            assertEquals(1_000_000L, Files.getLastModifiedTime(resumed.resolve("maps").resolve("fra_Latn.npy")).toMillis(),
                    "fra_Latn's map is the interrupted run's file, not refitted (was " + before + ")");
            try (Stream<Path> files = Files.list(resumed)) {
                assertEquals(Set.of("lift.json", "maps"),
                        files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
            }
            // The resumed lift equals the uninterrupted one, map for map.
            LiftFiles.Summary a = LiftFiles.read(whole);
            LiftFiles.Summary b = LiftFiles.read(resumed);
            assertEquals(a.languages(), b.languages());
            for (String lang : langs) {
                for (int slot = 0; slot < slots.size(); slot++) {
                    assertArrayEquals(LiftFiles.map(whole, a, lang, slot).toArray(),
                            LiftFiles.map(resumed, b, lang, slot).toArray(), lang + " slot " + slot);
                }
            }
        }
    }

    /** The held-out items never enter the fit: scrambling them leaves every map bit for bit the same. */
    @Test
    void heldOutItemsNeverEnterTheFit() throws IOException {
        Path lift = dir.resolve("lift-a");
        assertEquals(0, CliRunner.run("lift", "fit", "--store", store.toString(), "--pivot", "eng_Latn", "--method",
                "ridge", "--lambda", "0.1", "--backend", "cpu", "--out", lift.toString()).exitCode);
        LiftFiles.Summary s = LiftFiles.read(lift);
        Path scrambled = dir.resolve("scrambled");
        Random rnd = new Random(99);
        StoreWriter w = StoreWriter.create(scrambled, Manifest.create(LAYERS).withDtype(Dtype.F32));
        try (EmbeddingStore original = EmbeddingStore.open(store)) {
            for (String view : original.viewNames()) {
                w.writeView(view, N, D, slot -> {
                    FloatMatrix m = original.view(view).layer(slot);
                    for (int i : s.split().test()) {
                        float[] row = new float[D];
                        for (int j = 0; j < D; j++) {
                            row[j] = (float) (100 * rnd.nextGaussian());
                        }
                        m.setRow(i, row);
                    }
                    return m;
                });
            }
        }
        Path liftB = dir.resolve("lift-b");
        assertEquals(0, CliRunner.run("lift", "fit", "--store", scrambled.toString(), "--pivot", "eng_Latn", "--method",
                "ridge", "--lambda", "0.1", "--backend", "cpu", "--out", liftB.toString()).exitCode);
        for (String lang : s.languages()) {
            for (int slot = 0; slot < LAYERS.size(); slot++) {
                assertArrayEquals(LiftFiles.map(lift, s, lang, slot).toArray(),
                        LiftFiles.map(liftB, LiftFiles.read(liftB), lang, slot).toArray(), lang + " layer " + slot);
            }
        }
    }

    @Test
    void badInputExitsTwo() throws IOException {
        Path out = dir.resolve("bad-lift");
        CliRunner noPivot = CliRunner.run("lift", "fit", "--store", store.toString(), "--pivot", "jpn_Jpan", "--out",
                out.toString());
        assertEquals(2, noPivot.exitCode);
        assertTrue(noPivot.err.contains("no pivot view 'jpn_Jpan'"), noPivot.err);
        CliRunner noLang = CliRunner.run("lift", "fit", "--store", store.toString(), "--pivot", "eng_Latn", "--langs",
                "kor_Hang", "--out", out.toString());
        assertEquals(2, noLang.exitCode);
        assertTrue(noLang.err.contains("no view 'kor_Hang'"), noLang.err);
        CliRunner method = CliRunner.run("lift", "fit", "--store", store.toString(), "--pivot", "eng_Latn", "--method",
                "svd", "--out", out.toString());
        assertEquals(2, method.exitCode);
        assertFalse(Files.exists(out));

        Path lift = dir.resolve("lift-for-bad");
        assertEquals(0, CliRunner.run("lift", "fit", "--store", store.toString(), "--pivot", "eng_Latn", "--backend",
                "cpu", "--out", lift.toString()).exitCode);
        Path wide = dir.resolve("wide-store");
        write(wide, new Random(3), D + 2, N);
        CliRunner width = CliRunner.run("lift", "apply", "--lift", lift.toString(), "--store", wide.toString(),
                "--out", dir.resolve("x").toString());
        assertEquals(2, width.exitCode, width.toString());
        assertTrue(width.err.contains("maps are 16 x 16"), width.err);
        Path fewer = dir.resolve("fewer-store");
        write(fewer, new Random(4), D, N - 10);
        CliRunner items = CliRunner.run("lift", "report", "--lift", lift.toString(), "--store", fewer.toString(),
                "--out", dir.resolve("y").toString());
        assertEquals(2, items.exitCode, items.toString());
        assertTrue(items.err.contains("fitted on 150 parallel items"), items.err);
        assertFalse(Files.exists(dir.resolve("x")));
        assertFalse(Files.exists(dir.resolve("y")));
    }
}
