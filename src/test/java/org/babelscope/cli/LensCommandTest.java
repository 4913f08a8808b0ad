package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.lens.Lens;
import org.babelscope.lens.LensFiles;
import org.babelscope.model.gguf.ControlVectorFile;
import org.babelscope.store.Dtype;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LensCommandTest {
    private static final List<Integer> LAYERS = List.of(0, 1, 2);
    private static final String[] LANGS = {"eng_Latn", "fra_Latn", "deu_Latn", "swh_Latn"};
    private static final int N = 60;
    private static final int D = 24;

    @TempDir
    static Path dir;
    static Path store;
    /** The planted agnostic direction per layer. */
    static double[][] agnostic = new double[LAYERS.size()][];

    /**
     * Per layer: texts of language k are c·a + S z_k + noise, a ⟂ span(S): a planted agnostic
     * direction a and a 3-dimensional specific subspace S.
     */
    @BeforeAll
    static void writeStore() throws IOException {
        Random rnd = new Random(21);
        float[][][][] data = new float[LANGS.length][LAYERS.size()][N][D];
        for (int slot = 0; slot < LAYERS.size(); slot++) {
            double[][] basis = orthonormal(rnd, D, LANGS.length);
            agnostic[slot] = basis[0];
            for (int k = 0; k < LANGS.length; k++) {
                double[] mu = new double[D];
                for (int i = 0; i < D; i++) {
                    mu[i] = 6 * basis[0][i];
                }
                for (int q = 1; q < LANGS.length; q++) {
                    double z = (k == q ? 3 : 0) + 0.5 * rnd.nextGaussian();
                    for (int i = 0; i < D; i++) {
                        mu[i] += z * basis[q][i];
                    }
                }
                for (int n = 0; n < N; n++) {
                    for (int i = 0; i < D; i++) {
                        data[k][slot][n][i] = (float) (mu[i] + 0.2 * rnd.nextGaussian());
                    }
                }
            }
        }
        store = dir.resolve("store");
        StoreWriter w = StoreWriter.create(store, Manifest.create(LAYERS).withDtype(Dtype.F32));
        for (int k = 0; k < LANGS.length; k++) {
            float[][][] view = data[k];
            w.writeView(LANGS[k], N, D, slot -> FloatMatrix.of(view[slot]));
        }
    }

    @Test
    void fitRecoversThePlantAndExportWritesTheFormula() throws IOException {
        Path lensDir = dir.resolve("lens");
        CliRunner fit = CliRunner.run("lens", "fit", "--store", store.toString(), "--pivot", "eng_Latn",
                "--backend", "cpu", "--out", lensDir.toString());
        assertEquals(0, fit.exitCode, fit.toString());
        assertTrue(fit.out.contains("fra_Latn spec"), fit.out);
        Lens lens = LensFiles.read(lensDir);
        assertEquals(List.of(LANGS), lens.languages());
        assertEquals(3, lens.rank());
        try (EmbeddingStore s = EmbeddingStore.open(store)) {
            for (int slot = 0; slot < LAYERS.size(); slot++) {
                // Means as numpy would take them, in double from the stored floats.
                for (String lang : LANGS) {
                    float[][] x = s.view(lang).layer(slot).toArray();
                    for (int i = 0; i < D; i++) {
                        double m = 0;
                        for (float[] row : x) {
                            m += row[i];
                        }
                        assertEquals(m / N, lens.mean(slot, lang)[i], 1e-5);
                    }
                }
                // A mean's noise is 0.2·sqrt(D/N) ≈ 0.13 in norm against a spread of 3 between languages:
                // about 2.4 degrees at worst, so 6 degrees bounds it with room.
                double cos = Math.abs(dot(lens.parts().get(slot).agnostic(), agnostic[slot]));
                assertTrue(Math.toDegrees(Math.acos(Math.min(1, cos))) < 6, "layer " + slot + " cos " + cos);
            }
        }
        // Export: full rank, so v = β(μ_fra − μ_eng) on the chosen layers, exactly.
        Path gguf = dir.resolve("fra.gguf");
        CliRunner export = CliRunner.run("lens", "export", "--lens", lensDir.toString(), "--lang", "fr",
                "--beta", "0.5", "--layers", "1-2", "--out", gguf.toString());
        assertEquals(0, export.exitCode, export.toString());
        ControlVectorFile cv = ControlVectorFile.read(gguf);
        SortedMap<Integer, float[]> dirs = cv.directions();
        assertEquals(List.of(1, 2), List.copyOf(dirs.keySet()));
        for (int layer : dirs.keySet()) {
            double[] fra = lens.mean(layer, "fra_Latn");
            double[] eng = lens.mean(layer, "eng_Latn");
            for (int i = 0; i < D; i++) {
                assertEquals(0.5 * (fra[i] - eng[i]), dirs.get(layer)[i], 1e-4, "layer " + layer + " [" + i + "]");
            }
        }
        // A lower rank gives the agnostic term weight: the vector changes with alpha.
        Path low = dir.resolve("lens-r1");
        assertEquals(0, CliRunner.run("lens", "fit", "--store", store.toString(), "--pivot", "eng_Latn",
                "--rank", "1", "--backend", "cpu", "--out", low.toString()).exitCode);
        Lens lowLens = LensFiles.read(low);
        float[] a0 = lowLens.steering("deu_Latn", 0, 1, List.of(2)).get(2);
        float[] a1 = lowLens.steering("deu_Latn", 1, 1, List.of(2)).get(2);
        double diff = 0;
        for (int i = 0; i < D; i++) {
            diff += Math.abs(a1[i] - a0[i]);
        }
        assertTrue(diff > 1e-3, "alpha matters below full rank");
    }

    @Test
    void badInputExitsTwoWithAClearMessage() throws IOException {
        Path out = dir.resolve("bad-lens");
        Map<String, String[]> cases = Map.of(
                "has no pivot view 'jpn_Jpan'", new String[] {"--pivot", "jpn_Jpan"},
                "at least one other language", new String[] {"--pivot", "eng_Latn", "--langs", "eng_Latn"},
                "--rank 4 is out of range", new String[] {"--pivot", "eng_Latn", "--rank", "4"},
                "the store has no layer [7]", new String[] {"--pivot", "eng_Latn", "--layers", "7"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String[] args = concat(new String[] {"lens", "fit", "--store", store.toString(), "--backend", "cpu",
                    "--out", out.toString()}, c.getValue());
            CliRunner r = CliRunner.run(args);
            assertEquals(2, r.exitCode, r.toString());
            assertTrue(r.err.contains(c.getKey()), c.getKey() + " in " + r.err);
            assertFalse(Files.exists(out), "nothing written");
        }
        Path notALens = Files.createDirectories(dir.resolve("keep"));
        Files.writeString(notALens.resolve("notes.txt"), "mine");
        CliRunner r = CliRunner.run("lens", "fit", "--store", store.toString(), "--pivot", "eng_Latn", "--out",
                notALens.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(Files.exists(notALens.resolve("notes.txt")));

        Path lensDir = dir.resolve("lens-for-bad-export");
        assertEquals(0, CliRunner.run("lens", "fit", "--store", store.toString(), "--pivot", "eng_Latn",
                "--backend", "cpu", "--out", lensDir.toString()).exitCode);
        Map<String, String[]> exports = Map.of(
                "layer 0 cannot be steered", new String[] {"--lang", "fra_Latn", "--layers", "0-2"},
                "no language 'jpn_Jpan'", new String[] {"--lang", "jpn_Jpan"},
                "is the lens's pivot", new String[] {"--lang", "eng_Latn"},
                "the lens has no layer [9]", new String[] {"--lang", "fra_Latn", "--layers", "9"});
        for (Map.Entry<String, String[]> c : exports.entrySet()) {
            Path gguf = dir.resolve("bad.gguf");
            CliRunner e = CliRunner.run(concat(new String[] {"lens", "export", "--lens", lensDir.toString(), "--out",
                    gguf.toString()}, c.getValue()));
            assertEquals(2, e.exitCode, e.toString());
            assertTrue(e.err.contains(c.getKey()), c.getKey() + " in " + e.err);
            assertFalse(Files.exists(gguf));
        }
        CliRunner noLens = CliRunner.run("lens", "export", "--lens", store.toString(), "--lang", "fra_Latn", "--out",
                dir.resolve("x.gguf").toString());
        assertEquals(2, noLens.exitCode);
        assertTrue(noLens.err.contains("is not a lens directory"), noLens.err);
        Path otherFormat = Files.createDirectories(dir.resolve("other-format"));
        Files.writeString(otherFormat.resolve("lens.json"), "{\"format\":\"babelscope-lift/1\"}");
        CliRunner wrong = CliRunner.run("lens", "export", "--lens", otherFormat.toString(), "--lang", "fra_Latn",
                "--out", dir.resolve("x.gguf").toString());
        assertEquals(2, wrong.exitCode, wrong.toString());
        assertTrue(wrong.err.contains("is not a babelscope-lens/1 file"), wrong.err);
        CliRunner bare = CliRunner.run("lens");
        assertEquals(2, bare.exitCode, bare.toString());
        assertTrue(bare.err.contains("lens fit, lens export, lens sweep or lens report"), bare.err);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[][] orthonormal(Random rnd, int d, int n) {
        double[][] out = new double[n][];
        for (int q = 0; q < n; q++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = rnd.nextGaussian();
            }
            for (int p = 0; p < q; p++) {
                double c = dot(v, out[p]);
                for (int i = 0; i < d; i++) {
                    v[i] -= c * out[p][i];
                }
            }
            double norm = Math.sqrt(dot(v, v));
            for (int i = 0; i < d; i++) {
                v[i] /= norm;
            }
            out[q] = v;
        }
        return out;
    }
}
