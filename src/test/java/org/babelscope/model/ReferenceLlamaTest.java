package org.babelscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.babelscope.model.gguf.GgufFile;
import org.babelscope.model.gguf.GgufValue;
import org.babelscope.model.gguf.TensorInfo;
import org.babelscope.model.gguf.TinyLlama;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceLlamaTest {
    @TempDir
    Path tmp;

    private static final int[] TOKENS = {1, 300, 5, 42, 260, 17, 99, 400};

    private Path tiny(TinyLlama.Spec spec, String name) throws IOException {
        Path file = tmp.resolve(name);
        TinyLlama.write(spec, file);
        return file;
    }

    @Test
    void ropeWorkedByHandOnTwoHeads() {
        // Two heads of size 4, pos 2, base 10000: pair 0 turns by 2 rad, pair 1 by 2 * 10000^(-2/4) = 0.02 rad.
        double[] x = {1, 0, 0, 1, 0.5, 0.5, 1, 0};
        ReferenceLlama.rope(x, 2, 2, 4, 4, 10000);
        double[] expected = {
            -0.4161468365471424, 0.9092974268256817, // (cos 2, sin 2)
            -0.01999866669333308, 0.9998000066665778, // (-sin 0.02, cos 0.02)
            -0.662722131686412, 0.24657529513926965, // 0.5 (cos 2 - sin 2), 0.5 (sin 2 + cos 2)
            0.9998000066665778, 0.01999866669333308, // (cos 0.02, sin 0.02)
        };
        assertArrayEquals(expected, x, 1e-15);

        // With n_rot = 2 only the first pair of each head turns.
        double[] partial = {1, 0, 0, 1, 0.5, 0.5, 1, 0};
        ReferenceLlama.rope(partial, 2, 2, 4, 2, 10000);
        assertArrayEquals(new double[] {-0.4161468365471424, 0.9092974268256817, 0, 1,
            -0.662722131686412, 0.24657529513926965, 1, 0}, partial, 1e-15);

        double[] atZero = {0.3, -0.7, 1.1, 2.0};
        ReferenceLlama.rope(atZero, 0, 1, 4, 4, 10000);
        assertArrayEquals(new double[] {0.3, -0.7, 1.1, 2.0}, atZero, 0.0);
    }

    @Test
    void ropeScoresDependOnlyOnRelativePosition() {
        Random r = new Random(5);
        double[] q = new double[32];
        double[] k = new double[32];
        for (int i = 0; i < 32; i++) {
            q[i] = r.nextGaussian();
            k[i] = r.nextGaussian();
        }
        double base = dot(rotated(q, 7), rotated(k, 3));
        for (int shift : new int[] {1, 10, 250}) {
            assertEquals(base, dot(rotated(q, 7 + shift), rotated(k, 3 + shift)), 1e-10, "shift " + shift);
        }
        assertEquals(Math.sqrt(dot(q, q)), Math.sqrt(dot(rotated(q, 11), rotated(q, 11))), 1e-12, "a rotation");
    }

    private static double[] rotated(double[] x, int pos) {
        double[] y = x.clone();
        ReferenceLlama.rope(y, pos, 2, 16, 16, 10000);
        return y;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void aPositionIgnoresEverythingAfterIt() throws IOException {
        ReferenceLlama ref = ReferenceLlama.load(tiny(TinyLlama.Spec.builder().nLayer(3).build(), "m.gguf"));
        int[] changed = TOKENS.clone();
        changed[4] = 7;
        changed[6] = 8;
        ReferenceLlama.Result a = ref.forward(TOKENS);
        ReferenceLlama.Result b = ref.forward(changed);
        for (int l = 0; l < 3; l++) {
            for (int t = 0; t < 4; t++) {
                assertArrayEquals(a.states()[l][t], b.states()[l][t], 0.0, "layer " + l + " token " + t);
            }
            for (int t = 4; t < TOKENS.length; t++) {
                assertFalse(Arrays.equals(a.states()[l][t], b.states()[l][t]), "layer " + l + " token " + t);
            }
        }
        assertArrayEquals(a.logits()[3], b.logits()[3], 0.0);
        assertEquals(3, a.states().length);
        assertEquals(TOKENS.length, a.states()[0].length);
        assertEquals(64, a.states()[0][0].length);
        assertEquals(ref.nVocab(), a.logits()[0].length);
    }

    @Test
    void groupedQueryAttentionEqualsKeyValueHeadsRepeated() throws IOException {
        // 4 query heads share 2 KV heads; the same model with each KV head's weights copied to
        // both of its query heads (4 KV heads) must compute the same states.
        Path gqa = tiny(TinyLlama.Spec.builder().nHead(4).nHeadKv(2).build(), "gqa.gguf");
        GgufFile g = GgufFile.open(gqa);
        GgufEdit edit = GgufEdit.of(g).put("llama.attention.head_count_kv", GgufValue.u32(4));
        for (int l = 0; l < 2; l++) {
            for (String w : new String[] {"attn_k", "attn_v"}) {
                String name = "blk." + l + "." + w + ".weight";
                edit.tensor(name, new GgufEdit.Tensor(repeatHeads(g.floats(name), 64, 16, 2, 2), 64, 64));
            }
        }
        Path mha = edit.write(tmp.resolve("mha.gguf"));
        ReferenceLlama.Result a = ReferenceLlama.load(gqa).forward(TOKENS);
        ReferenceLlama.Result b = ReferenceLlama.load(mha).forward(TOKENS);
        for (int l = 0; l < 2; l++) {
            for (int t = 0; t < TOKENS.length; t++) {
                assertArrayEquals(a.states()[l][t], b.states()[l][t], 1e-12);
            }
        }
    }

    /** Rows of KV head j (headDim rows of nIn values each) repeated {@code group} times, head by head. */
    private static float[] repeatHeads(float[] w, int nIn, int headDim, int nKv, int group) {
        float[] out = new float[w.length * group];
        int rows = 0;
        for (int j = 0; j < nKv; j++) {
            for (int g = 0; g < group; g++) {
                System.arraycopy(w, j * headDim * nIn, out, rows * nIn, headDim * nIn);
                rows += headDim;
            }
        }
        return out;
    }

    @Test
    void tiedOutputUsesTheTokenEmbedding() throws IOException {
        Path tied = tiny(TinyLlama.Spec.builder().tiedOutput(true).build(), "tied.gguf");
        GgufFile g = GgufFile.open(tied);
        TensorInfo embd = g.tensor("token_embd.weight");
        Path untied = GgufEdit.of(g).tensor("output.weight", new GgufEdit.Tensor(g.floats("token_embd.weight"),
                embd.dims())).write(tmp.resolve("untied.gguf"));
        double[][] a = ReferenceLlama.load(tied).forward(TOKENS).logits();
        double[][] b = ReferenceLlama.load(untied).forward(TOKENS).logits();
        for (int t = 0; t < TOKENS.length; t++) {
            assertArrayEquals(a[t], b[t], 0.0);
        }
    }

    @Test
    void controlVectorIsAddedToItsLayersOutput() throws IOException {
        ReferenceLlama ref = ReferenceLlama.load(tiny(TinyLlama.Spec.builder().nLayer(3).build(), "m.gguf"));
        float[] v = new float[64];
        Random r = new Random(9);
        for (int i = 0; i < 64; i++) {
            v[i] = (float) r.nextGaussian();
        }
        ReferenceLlama.Result plain = ref.forward(TOKENS);
        ReferenceLlama.Result steered = ref.forward(TOKENS, Map.of(1, v));
        for (int t = 0; t < TOKENS.length; t++) {
            assertArrayEquals(plain.states()[0][t], steered.states()[0][t], 0.0, "layer 0 is before the vector");
            for (int i = 0; i < 64; i++) {
                assertEquals(plain.states()[1][t][i] + v[i], steered.states()[1][t][i], 1e-12);
            }
            assertFalse(Arrays.equals(plain.states()[2][t], steered.states()[2][t]), "layer 2 reads the steered state");
        }
        assertThrows(IllegalArgumentException.class, () -> ref.forward(TOKENS, Map.of(0, v)), "never layer 0");
        assertThrows(IllegalArgumentException.class, () -> ref.forward(TOKENS, Map.of(3, v)), "no layer 3");
        assertThrows(IllegalArgumentException.class, () -> ref.forward(TOKENS, Map.of(1, new float[3])));
    }

    @Test
    void logLikelihoodFollowsTheChainRule() throws IOException {
        ReferenceLlama ref = ReferenceLlama.load(tiny(TinyLlama.Spec.builder().build(), "m.gguf"));
        double whole = ref.logLikelihood(TOKENS, 1);
        double head = ref.logLikelihood(Arrays.copyOf(TOKENS, 5), 1);
        double tail = ref.logLikelihood(TOKENS, 5);
        assertEquals(whole, head + tail, 1e-9);
        assertTrue(whole < 0);
        double sum = 0;
        for (double lp : ReferenceLlama.logSoftmax(ref.forward(TOKENS).logits()[2])) {
            sum += Math.exp(lp);
        }
        assertEquals(1, sum, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ref.logLikelihood(TOKENS, 0));
    }

    @Test
    void stories260KMatchesLlamaCppAndPrefersAPlausibleContinuation() throws IOException {
        GgufFile g = GgufFile.open(TestModels.stories260K());
        ReferenceLlama ref = ReferenceLlama.load(g);
        String[] vocab = g.stringArray("tokenizer.ggml.tokens");
        GreedyTokenizer tokenizer = new GreedyTokenizer(vocab, 1);
        String prompt = "Once upon a time, there was a little";
        int[] tokens = tokenizer.tokenize(prompt);
        // llama.cpp b4916 tokenizes the prompt the same way: <s> ▁Once ▁upon ▁a ▁time , ▁there ▁was ▁a ▁little
        assertArrayEquals(new int[] {1, 403, 407, 261, 378, 432, 383, 286, 261, 376}, tokens);

        // Values llama.cpp b4916 computed for these tokens (CPU, F32 KV cache): l_out-0 of the
        // first token, l_out-4 of the last, and the two largest logits of the last (▁g 298, ▁b 268).
        ReferenceLlama.Result r = ref.forward(tokens);
        assertArrayEquals(new double[] {0.34777963, -1.3446047, 1.4224443, -1.7530448},
                Arrays.copyOf(r.states()[0][0], 4), 1e-5);
        assertArrayEquals(new double[] {0.92315251, 1.2126935, -3.2434275, -3.1713324},
                Arrays.copyOf(r.states()[4][9], 4), 1e-5);
        assertEquals(16.951443, r.logits()[9][298], 1e-4);
        assertEquals(16.107664, r.logits()[9][268], 1e-4);

        double girl = ref.logLikelihood(tokenizer.tokenize(prompt + " girl"), tokens.length);
        double upon = ref.logLikelihood(tokenizer.tokenize(prompt + " upon"), tokens.length);
        double once = ref.logLikelihood(tokenizer.tokenize(prompt + " Once"), tokens.length);
        assertTrue(girl > Math.log(0.3), "a little girl: " + girl);
        assertTrue(girl > upon + 10 && girl > once + 10, girl + " vs " + upon + ", " + once);

        int[] onceUponA = tokenizer.tokenize("Once upon a");
        double[] next = ref.forward(onceUponA).logits()[onceUponA.length - 1];
        int best = 0;
        for (int i = 1; i < next.length; i++) {
            best = next[i] > next[best] ? i : best;
        }
        assertEquals("\u2581time", vocab[best]);
    }
}
