package org.babelscope.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.babelscope.model.ReferenceLlama;
import org.babelscope.model.TestModels;
import org.babelscope.model.gguf.GgmlType;
import org.babelscope.model.gguf.GgufFile;
import org.babelscope.model.gguf.TinyLlama;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shim captures is checked against {@link ReferenceLlama}, a plain double-precision
 * forward pass written independently of llama.cpp: every layer's state, every pooling, several
 * sequences in one decode, log-probabilities and control vectors. F32 weights and an F32 KV cache
 * (llama.cpp's F16 cache moves states by about 1e-3, see the F16 test below).
 */
@Tag("both-runtimes")
class CaptureAgainstReferenceTest {
    static final double TOLERANCE = 1e-3;
    static final List<String> TEXTS = List.of(
            "Once upon a time, there was a little girl.",
            "Le chat dort sur le canapé.",
            "Кошка спит на диване.",
            "猫在沙发上睡觉。",
            "Hi",
            "The dog ran to the park and played with a red ball all day long.");

    @TempDir
    Path tmp;

    @Test
    void generatedModelWithGroupedQueryAttention() throws IOException {
        Path file = tmp.resolve("gqa.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(3).nEmbd(64).nHead(8).nHeadKv(2).nFf(96).seed(7).build(), file);
        checkEveryLayerAndPooling(file);
    }

    @Test
    void generatedModelWithTiedOutputAndFullHeads() throws IOException {
        Path file = tmp.resolve("tied.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(2).nEmbd(96).nHead(4).nHeadKv(4).nFf(160).tiedOutput(true)
                .ropeFreqBase(500000f).seed(11).build(), file);
        checkEveryLayerAndPooling(file);
    }

    @Test
    void realStories260K() throws IOException {
        checkEveryLayerAndPooling(TestModels.stories260K());
    }

    private static void checkEveryLayerAndPooling(Path file) throws IOException {
        ReferenceLlama ref = ReferenceLlama.load(file);
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = new Session(opened.model(), 512, 8, 2, KvType.F32)) {
            LoadedModel m = opened.model();
            List<int[]> seqs = new ArrayList<>();
            List<ReferenceLlama.Result> expected = new ArrayList<>();
            for (String t : TEXTS) {
                int[] tokens = m.tokenize(t, true);
                seqs.add(tokens);
                expected.add(ref.forward(tokens));
            }
            int L = m.nLayer();
            int E = m.nEmbd();
            for (Pooling p : Pooling.values()) {
                float[] got = session.capture(seqs, p, 0, L - 1);
                for (int l = 0; l < L; l++) {
                    for (int s = 0; s < seqs.size(); s++) {
                        double[] want = pool(expected.get(s).states()[l], p);
                        assertClose(want, got, ((long) l * seqs.size() + s) * E,
                                file.getFileName() + " " + p + " layer " + l + " text " + s);
                    }
                }
            }
            // A range in the middle: the same values, and the layers after it are never computed.
            float[] mid = session.capture(seqs, Pooling.MEAN, 1, 1);
            for (int s = 0; s < seqs.size(); s++) {
                assertClose(pool(expected.get(s).states()[1], Pooling.MEAN), mid, (long) s * E, "layer 1 alone");
            }
        }
    }

    /** The pooling as bs_llama.h defines it, on the reference's per-token states. */
    static double[] pool(double[][] tokens, Pooling p) {
        int n = tokens.length;
        int e = tokens[0].length;
        if (p == Pooling.LAST) {
            return tokens[n - 1];
        }
        int from = n > 1 ? 1 : 0; // BOS is left out when there is anything else
        double[] out = new double[e];
        double wsum = 0;
        for (int t = from; t < n; t++) {
            double w = p == Pooling.WEIGHTED ? t - from + 1 : 1;
            for (int i = 0; i < e; i++) {
                out[i] += w * tokens[t][i];
            }
            wsum += w;
        }
        for (int i = 0; i < e; i++) {
            out[i] /= wsum;
        }
        return out;
    }

    static void assertClose(double[] want, float[] got, long offset, String what) {
        double rel = relativeError(want, got, offset);
        assertTrue(rel < TOLERANCE, what + ": relative error " + rel);
    }

    /**
     * llama.cpp's default F16 KV cache moves states measurably but boundedly: what KvType and
     * --kv-type say. Measured on stories260K, every layer and text, LAST pooling: worst relative
     * error 8.2e-4 with F16, 5.0e-7 with F32.
     */
    @Test
    void f16KvCacheMovesStatesByLessThanOnePercent() throws IOException {
        Path file = TestModels.stories260K();
        ReferenceLlama ref = ReferenceLlama.load(file);
        double[] worst = new double[2];
        KvType[] types = {KvType.F32, KvType.F16};
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0)) {
            LoadedModel m = opened.model();
            List<int[]> seqs = new ArrayList<>();
            List<ReferenceLlama.Result> expected = new ArrayList<>();
            for (String t : TEXTS) {
                int[] tokens = m.tokenize(t, true);
                seqs.add(tokens);
                expected.add(ref.forward(tokens));
            }
            int L = m.nLayer();
            int E = m.nEmbd();
            for (int k = 0; k < 2; k++) {
                try (Session session = new Session(m, 512, 8, 2, types[k])) {
                    float[] got = session.capture(seqs, Pooling.LAST, 0, L - 1);
                    for (int l = 0; l < L; l++) {
                        for (int s = 0; s < seqs.size(); s++) {
                            double[] want = pool(expected.get(s).states()[l], Pooling.LAST);
                            worst[k] = Math.max(worst[k], relativeError(want, got, ((long) l * seqs.size() + s) * E));
                        }
                    }
                }
            }
        }
        assertTrue(worst[0] < 1e-5, "f32: " + worst[0]);
        assertTrue(worst[1] > 10 * worst[0] && worst[1] < 1e-2, "f16: " + worst[1]);
    }

    static double relativeError(double[] want, float[] got, long offset) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < want.length; i++) {
            double d = got[(int) (offset + i)] - want[i];
            diff += d * d;
            norm += want[i] * want[i];
        }
        return Math.sqrt(diff / norm);
    }

    @Test
    void lastLayerAgreesWithJavaLlamaEmbedAfterTheOutputNorm() throws IOException {
        Path file = TestModels.stories260K();
        GgufFile gguf = GgufFile.open(file);
        float[] w = gguf.floats("output_norm.weight");
        float eps = gguf.float32("llama.attention.layer_norm_rms_epsilon");
        String text = "One day, a little girl named Lily found a needle in her room.";
        float[] embed;
        try (JavaLlamaEmbedder e = new JavaLlamaEmbedder(file, 2, 512, KvType.F32, 0)) {
            embed = e.embed(text);
        }
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = new Session(opened.model(), 512, 4, 2, KvType.F32)) {
            int L = opened.model().nLayer();
            float[] last = session.capture(List.of(opened.model().tokenize(text, true)), Pooling.LAST, L - 1, L - 1);
            // embed(LAST): RMS norm with output_norm's weights, then L2 normalisation.
            double ss = 0;
            for (float v : last) {
                ss += (double) v * v;
            }
            double scale = 1 / Math.sqrt(ss / last.length + eps);
            double[] y = new double[last.length];
            double l2 = 0;
            for (int i = 0; i < y.length; i++) {
                y[i] = last[i] * scale * w[i];
                l2 += y[i] * y[i];
            }
            assertEquals(embed.length, y.length);
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i] / Math.sqrt(l2), embed[i], 1e-5, "component " + i);
            }
        }
    }

    @Test
    void continuationLogProbabilitiesMatchTheReference() throws IOException {
        Path file = tmp.resolve("lp.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(2).nEmbd(64).nHead(4).nHeadKv(2).nFf(128).seed(3).build(), file);
        ReferenceLlama ref = ReferenceLlama.load(file);
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = new Session(opened.model(), 512, 4, 2, KvType.F32)) {
            List<int[]> seqs = List.of(opened.model().tokenize("The answer is yes", true),
                    opened.model().tokenize("La réponse est non", true), opened.model().tokenize("答案是", true));
            int[] from = {3, 1, 2};
            float[][] lp = session.tokenLogprobs(seqs, from);
            for (int s = 0; s < seqs.size(); s++) {
                double sum = 0;
                for (int t = from[s]; t < seqs.get(s).length; t++) {
                    sum += lp[s][t];
                    double want = ref.logLikelihood(java.util.Arrays.copyOf(seqs.get(s), t + 1), t);
                    assertEquals(want, lp[s][t], 1e-3 * Math.max(1, Math.abs(want)), "sequence " + s + " token " + t);
                }
                assertTrue(Float.isNaN(lp[s][from[s] - 1]), "positions before the continuation are not scored");
                assertEquals(ref.logLikelihood(seqs.get(s), from[s]), sum, 1e-3 * Math.max(1, Math.abs(sum)));
            }
        }
    }

    @Test
    void sharedContextContinuationsScoreAsTheWholeSequenceDoes() throws IOException {
        Path file = tmp.resolve("choices.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(2).nEmbd(64).nHead(4).nHeadKv(2).nFf(128).seed(11).build(), file);
        ReferenceLlama ref = ReferenceLlama.load(file);
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = new Session(opened.model(), 512, 8, 2, KvType.F32)) {
            LoadedModel m = opened.model();
            // Three items of 2, 3 and 1 continuations; one continuation is a single token.
            List<int[]> contexts = List.of(m.tokenize("The man turned on the tap", true),
                    m.tokenize("Il a plu toute la nuit, donc", true), m.tokenize("答案", true));
            List<int[]> continuations = new ArrayList<>();
            for (String c : List.of(" so water flowed", " the toilet filled", " la route", " le ciel est bleu", " x",
                    "是的")) {
                continuations.add(m.tokenize(c, false));
            }
            continuations.set(4, new int[] {continuations.get(4)[continuations.get(4).length - 1]});
            int[] item = {0, 0, 1, 1, 1, 2};
            float[][] lp = session.scoreContinuations(contexts, continuations, item);
            for (int c = 0; c < continuations.size(); c++) {
                int[] ctx = contexts.get(item[c]);
                int[] cont = continuations.get(c);
                int[] whole = java.util.Arrays.copyOf(ctx, ctx.length + cont.length);
                System.arraycopy(cont, 0, whole, ctx.length, cont.length);
                for (int t = 0; t < cont.length; t++) {
                    double want = ref.logLikelihood(java.util.Arrays.copyOf(whole, ctx.length + t + 1), ctx.length + t);
                    assertEquals(want, lp[c][t], 1e-3 * Math.max(1, Math.abs(want)), "continuation " + c + " token " + t);
                }
            }
        }
    }

    @Test
    void controlVectorMovesExactlyTheChosenLayersByExactlyTheVector() throws IOException {
        Path file = TestModels.stories260K();
        ReferenceLlama ref = ReferenceLlama.load(file);
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = new Session(opened.model(), 512, 4, 2, KvType.F32)) {
            LoadedModel m = opened.model();
            int L = m.nLayer();
            int E = m.nEmbd();
            int[] tokens = m.tokenize("Once upon a time", true);
            float[] plain = session.capture(List.of(tokens), Pooling.LAST, 0, L - 1);
            Random rnd = new Random(5);
            Map<Integer, float[]> cvec = new HashMap<>();
            for (int layer : new int[] {2, 3}) {
                float[] v = new float[E];
                for (int i = 0; i < E; i++) {
                    v[i] = (float) rnd.nextGaussian();
                }
                cvec.put(layer, v);
            }
            session.setControlVector(cvec);
            float[] steered = session.capture(List.of(tokens), Pooling.LAST, 0, L - 1);
            session.clearControlVector();
            float[] cleared = session.capture(List.of(tokens), Pooling.LAST, 0, L - 1);
            org.junit.jupiter.api.Assertions.assertArrayEquals(plain, cleared, "clearing restores the model");
            // Layers before the first steered one are untouched; the first steered layer moves by exactly v.
            for (int i = 0; i < 2 * E; i++) {
                assertEquals(plain[i], steered[i], 0.0);
            }
            for (int i = 0; i < E; i++) {
                assertEquals(plain[2 * E + i] + cvec.get(2)[i], steered[2 * E + i], 1e-5);
            }
            // Later layers carry the change forward exactly as the reference forward pass does.
            ReferenceLlama.Result want = ref.forward(tokens, cvec);
            for (int l = 0; l < L; l++) {
                assertClose(want.states()[l][tokens.length - 1], steered, (long) l * E, "steered layer " + l);
            }
        }
    }
}
