package org.babelscope.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.babelscope.model.llama.LlamaRuntime;
import org.babelscope.model.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyLlamaTest {
    private static final String SPACE = "\u2581";

    @TempDir
    Path tmp;

    private GgufFile write(TinyLlama.Spec spec) throws IOException {
        Path file = tmp.resolve("m" + System.nanoTime() + ".gguf");
        TinyLlama.write(spec, file);
        return GgufFile.open(file);
    }

    @Test
    void writesEveryKeyLlamaCppNeeds() throws IOException {
        TinyLlama.Spec spec = TinyLlama.Spec.builder().nLayer(3).nEmbd(48).nHead(6).nHeadKv(3).nFf(80)
                .contextLength(300).ropeFreqBase(50000f).rmsEps(1e-6f).name("t").build();
        GgufFile g = write(spec);
        assertEquals("llama", g.string("general.architecture"));
        assertEquals("t", g.string("general.name"));
        assertEquals(300, g.u32("llama.context_length"));
        assertEquals(48, g.u32("llama.embedding_length"));
        assertEquals(3, g.u32("llama.block_count"));
        assertEquals(80, g.u32("llama.feed_forward_length"));
        assertEquals(6, g.u32("llama.attention.head_count"));
        assertEquals(3, g.u32("llama.attention.head_count_kv"));
        assertEquals(1e-6f, g.float32("llama.attention.layer_norm_rms_epsilon"));
        assertEquals(8, g.u32("llama.rope.dimension_count"), "the head size 48 / 6");
        assertEquals(50000f, g.float32("llama.rope.freq_base"));
        assertEquals(0, g.u32("general.file_type"));
        assertEquals("llama", g.string("tokenizer.ggml.model"));
        assertEquals(1, g.u32("tokenizer.ggml.bos_token_id"));
        assertEquals(2, g.u32("tokenizer.ggml.eos_token_id"));
        assertEquals(0, g.u32("tokenizer.ggml.unknown_token_id"));
        assertTrue(g.bool("tokenizer.ggml.add_bos_token"));

        int vocab = g.stringArray("tokenizer.ggml.tokens").length;
        List<String> expected = new ArrayList<>(List.of("token_embd.weight", "output_norm.weight", "output.weight"));
        for (int i = 0; i < 3; i++) {
            for (String s : List.of("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate",
                    "ffn_up", "ffn_down")) {
                expected.add("blk." + i + "." + s + ".weight");
            }
        }
        assertEquals(expected, g.tensors().stream().map(TensorInfo::name).toList());
        assertArrayEquals(new long[] {48, vocab}, g.tensor("token_embd.weight").dims());
        assertArrayEquals(new long[] {48, 24}, g.tensor("blk.2.attn_k.weight").dims(), "3 KV heads of 8");
        assertArrayEquals(new long[] {80, 48}, g.tensor("blk.1.ffn_down.weight").dims());
        assertEquals(new ModelInfo("llama", 3, 48, 6, 3, vocab, 300, OptionalInt.of(0)),
                ModelCheck.requireCapturable(g, LlamaRuntime.Abi.V0_5_0));
    }

    @Test
    void weightTypesApplyToMatricesOnly() throws IOException {
        for (GgmlType type : List.of(GgmlType.F16, GgmlType.Q8_0)) {
            GgufFile g = write(TinyLlama.Spec.builder().weightType(type).tiedOutput(true).build());
            assertEquals(type == GgmlType.F16 ? 1 : 7, g.u32("general.file_type"));
            assertFalse(g.hasTensor("output.weight"), "tied to token_embd");
            for (TensorInfo t : g.tensors()) {
                assertEquals(t.nDims() == 1 ? GgmlType.F32 : type, t.type(), t.name());
            }
            ModelCheck.requireCapturable(g, LlamaRuntime.Abi.V0_5_0);
        }
    }

    @Test
    void weightsHaveTheDocumentedScales() throws IOException {
        GgufFile g = write(TinyLlama.Spec.builder().nEmbd(64).nFf(256).build());
        assertMoments(g.floats("token_embd.weight"), 0, 1);
        assertMoments(g.floats("blk.0.attn_q.weight"), 0, 1 / Math.sqrt(64));
        assertMoments(g.floats("blk.1.ffn_up.weight"), 0, 1 / Math.sqrt(64));
        assertMoments(g.floats("blk.1.ffn_down.weight"), 0, 1 / Math.sqrt(256));
        Set<Float> distinct = new HashSet<>();
        for (String norm : List.of("output_norm.weight", "blk.0.attn_norm.weight", "blk.1.ffn_norm.weight")) {
            float[] w = g.floats(norm);
            double mean = 0;
            for (float v : w) {
                assertTrue(v >= 0.75f && v <= 1.25f, norm + " " + v);
                distinct.add(v);
                mean += v / w.length;
            }
            assertEquals(1, mean, 0.1, norm);
        }
        assertTrue(distinct.size() > 150, "norm weights vary, they are not all 1");
    }

    /** Sample mean and standard deviation within 5 standard errors of the intended ones. */
    private static void assertMoments(float[] x, double mean, double sigma) {
        double m = 0;
        for (float v : x) {
            m += v;
        }
        m /= x.length;
        double var = 0;
        for (float v : x) {
            var += (v - m) * (v - m);
        }
        double sd = Math.sqrt(var / (x.length - 1));
        assertEquals(mean, m, 5 * sigma / Math.sqrt(x.length));
        assertEquals(sigma, sd, 5 * sigma / Math.sqrt(2.0 * x.length));
    }

    @Test
    void sameSpecSameBytesOtherSeedOtherWeights() throws IOException {
        TinyLlama.Spec spec = TinyLlama.Spec.builder().weightType(GgmlType.Q8_0).seed(42).build();
        Path a = tmp.resolve("a.gguf");
        Path b = tmp.resolve("b.gguf");
        TinyLlama.write(spec, a);
        TinyLlama.write(spec, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        Path c = tmp.resolve("c.gguf");
        TinyLlama.write(spec.toBuilder().seed(43).build(), c);
        assertFalse(Arrays.equals(GgufFile.open(a).floats("blk.0.attn_v.weight"),
                GgufFile.open(c).floats("blk.0.attn_v.weight")));
    }

    @Test
    void byteFallbackVocabulary() throws IOException {
        GgufFile g = write(TinyLlama.Spec.builder().build());
        String[] tokens = g.stringArray("tokenizer.ggml.tokens");
        int[] types = g.int32Array("tokenizer.ggml.token_type");
        float[] scores = g.float32Array("tokenizer.ggml.scores");
        assertEquals(tokens.length, types.length);
        assertEquals(tokens.length, scores.length);
        assertEquals(List.of("<unk>", "<s>", "</s>"), List.of(tokens).subList(0, 3));
        assertArrayEquals(new int[] {2, 3, 3}, Arrays.copyOf(types, 3));
        for (int b = 0; b < 256; b++) {
            assertEquals(String.format("<0x%02X>", b), tokens[3 + b]);
            assertEquals(6, types[3 + b], "byte tokens have type 6");
        }
        Set<String> vocab = Set.of(tokens);
        assertEquals(tokens.length, vocab.size(), "no duplicate pieces");
        assertTrue(vocab.containsAll(List.of(SPACE, SPACE + "the", SPACE + "little", "a", "Z", ".")));
        for (int i = 259; i < tokens.length; i++) {
            assertEquals(1, types[i]);
            // Reachable by SentencePiece merges: every word piece's prefix is a piece.
            if (tokens[i].startsWith(SPACE) && tokens[i].length() > 2) {
                assertTrue(vocab.contains(tokens[i].substring(0, tokens[i].length() - 1)), tokens[i]);
            }
            assertTrue(scores[i] < 0, "scores are log-probability-like");
        }
    }

    @Test
    void copiesTheTokenizerOfAVocabularyFile() throws IOException {
        Path source = TestModels.llamaSpmVocab();
        GgufFile g = write(TinyLlama.Spec.builder().nLayer(1).vocabularyFrom(source).build());
        GgufFile vocab = GgufFile.open(source);
        int copied = 0;
        for (Map.Entry<String, GgufValue> kv : vocab.metadata().entrySet()) {
            if (kv.getKey().startsWith("tokenizer.")) {
                assertEquals(kv.getValue(), g.value(kv.getKey()), kv.getKey());
                copied++;
            }
        }
        assertEquals(10, copied, "model, pre, tokens, scores, token_type, bos, eos, unknown, add_bos and add_eos");
        assertArrayEquals(new long[] {64, 32000}, g.tensor("token_embd.weight").dims());
        assertEquals(32000, ModelCheck.requireCapturable(g, LlamaRuntime.Abi.V0_5_0).nVocab());
    }

    @Test
    void specRejectsShapesLlamaCannotHave() {
        assertThrows(IllegalArgumentException.class, () -> TinyLlama.Spec.builder().nEmbd(60).nHead(8).build());
        assertThrows(IllegalArgumentException.class, () -> TinyLlama.Spec.builder().nEmbd(36).nHead(4).build(),
                "odd head size");
        assertThrows(IllegalArgumentException.class, () -> TinyLlama.Spec.builder().nHead(4).nHeadKv(3).build());
        assertThrows(IllegalArgumentException.class,
                () -> TinyLlama.Spec.builder().nEmbd(48).nHead(4).weightType(GgmlType.Q8_0).build());
        assertThrows(IllegalArgumentException.class, () -> TinyLlama.Spec.builder().weightType(GgmlType.Q4_K).build());
        assertThrows(IllegalArgumentException.class, () -> TinyLlama.Spec.builder().nLayer(0).build());
    }
}
