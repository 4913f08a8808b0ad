package org.babelscope.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.babelscope.BadInputException;
import org.babelscope.model.GgufEdit;
import org.babelscope.model.llama.LlamaRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ModelCheck's rules for the families other than llama, on TinyFamily's models and broken copies of them. */
class ModelFamilyCheckTest {
    private static final int TINY_VOCAB = 433;

    @TempDir
    Path tmp;

    private Path write(TinyFamily.Spec spec) throws IOException {
        Path file = tmp.resolve(spec.architecture() + ".gguf");
        TinyFamily.write(spec, file);
        return file;
    }

    /** Refused on both runtimes with the same message (qwen3, which b4916 refuses by name, on v0.5.0). */
    private String refused(Path file, String... parts) throws IOException {
        String msg = refusedBy(LlamaRuntime.Abi.V0_5_0, file, parts);
        if (!ModelCheck.NOT_ON_B4916.contains(GgufFile.open(file).string("general.architecture"))) {
            assertEquals(msg, refusedBy(LlamaRuntime.Abi.B4916, file, parts));
        }
        return msg;
    }

    private String refusedBy(LlamaRuntime.Abi runtime, Path file, String... parts) {
        String msg = assertThrows(BadInputException.class, () -> ModelCheck.requireCapturable(GgufFile.open(file),
                runtime)).getMessage();
        assertTrue(msg.startsWith(file.toString() + ": "), "names the file: " + msg);
        for (String part : parts) {
            assertTrue(msg.contains(part), "'" + part + "' in: " + msg);
        }
        return msg;
    }

    private Path patched(GgufBytes bytes) throws IOException {
        return bytes.write(tmp.resolve("bad.gguf"));
    }

    @Test
    void everyGeneratedFamilyIsAcceptedAndB4916RefusesQwen3() throws IOException {
        for (String arch : TinyFamily.ARCHITECTURES) {
            TinyFamily.Spec spec = TinyFamily.Spec.of(arch);
            GgufFile g = GgufFile.open(write(spec));
            ModelInfo want = new ModelInfo(arch, spec.nLayer(), spec.nEmbd(), spec.nHead(), spec.nHeadKv(), TINY_VOCAB,
                    2048, OptionalInt.of(0));
            assertEquals(want, ModelCheck.requireCapturable(g, LlamaRuntime.Abi.V0_5_0));
            if (arch.equals("qwen3")) {
                String msg = refusedBy(LlamaRuntime.Abi.B4916, g.path());
                assertTrue(msg.endsWith(": has architecture 'qwen3', which llama.cpp b4916 (--llama-runtime java-llama)"
                        + " cannot load; run it on the default runtime, llama.cpp v0.5.0"), msg);
            } else {
                assertEquals(want, ModelCheck.requireCapturable(g, LlamaRuntime.Abi.B4916));
            }
        }
    }

    /** One tensor each family has and llama has not, renamed away. */
    @ParameterizedTest
    @ValueSource(strings = {"qwen2:blk.1.attn_v.bias", "qwen3:blk.0.attn_k_norm.weight",
        "gemma2:blk.3.post_ffw_norm.weight", "gemma3:blk.5.post_attention_norm.weight", "phi3:blk.1.attn_qkv.weight"})
    void missingTensor(String archAndTensor) throws IOException {
        String[] p = archAndTensor.split(":");
        Path file = write(TinyFamily.Spec.of(p[0]));
        String renamed = p[1].substring(0, p[1].length() - 1) + "x";
        refused(patched(GgufBytes.read(file).replace(p[1], renamed)),
                "lacks tensor '" + p[1] + "', which a " + p[0] + " model needs");
    }

    @Test
    void wrongShapes() throws IOException {
        // qwen3's Q norm is one head wide (24), not n_embd; give it 2 x 12.
        GgufFile qwen3 = GgufFile.open(write(TinyFamily.Spec.of("qwen3")));
        String qn = "blk.1.attn_q_norm.weight";
        refused(GgufEdit.of(qwen3).tensor(qn, new GgufEdit.Tensor(qwen3.floats(qn), 12, 2)).write(tmp.resolve("n.gguf")),
                "tensor '" + qn + "' has shape [12, 2], expected [24]");
        // phi3's fused up is [n_embd, 2 n_ff] = [64, 192]; transposed it has the same size.
        GgufBytes phi3 = GgufBytes.read(write(TinyFamily.Spec.of("phi3")));
        String up = "blk.0.ffn_up.weight";
        refused(patched(phi3.putU64(phi3.dimOf(up, 0), 192).putU64(phi3.dimOf(up, 1), 64)),
                "tensor '" + up + "' has shape [192, 64], expected [64, 192]");
        // gemma2's Q is n_head x key_length = 48 wide, not n_embd (32).
        GgufFile gemma2 = GgufFile.open(write(TinyFamily.Spec.of("gemma2")));
        refused(GgufEdit.of(gemma2).tensor("blk.0.attn_q.weight", new GgufEdit.Tensor(new float[32 * 32], 32, 32))
                .write(tmp.resolve("q.gguf")), "tensor 'blk.0.attn_q.weight' has shape [32, 32], expected [32, 48]");
    }

    @Test
    void wrongTypesPerRole() throws IOException {
        // A norm weight stored as F16 loads in ggml but is not what llama.cpp applies to F32 activations.
        GgufFile gemma3 = GgufFile.open(write(TinyFamily.Spec.of("gemma3")));
        GgufWriter w = new GgufWriter();
        gemma3.metadata().forEach(w::put);
        for (TensorInfo t : gemma3.tensors()) {
            GgmlType type = t.name().equals("blk.2.attn_k_norm.weight") ? GgmlType.F16 : t.type();
            w.addTensor(t.name(), type, gemma3.floats(t.name()), t.dims());
        }
        refused(w.write(tmp.resolve("f16norm.gguf")), "tensor 'blk.2.attn_k_norm.weight' is F16; a norm weight or"
                + " bias must be F32");
        // A matrix of ggml's integer type I32 (as many bytes as F32) cannot be multiplied with.
        GgufBytes qwen2 = GgufBytes.read(write(TinyFamily.Spec.of("qwen2")));
        String wv = "blk.0.attn_v.weight";
        refused(patched(qwen2.putU32(qwen2.typeOf(wv), GgmlType.I32.id())),
                "tensor '" + wv + "' is I32, which ggml cannot multiply with");
    }

    @Test
    void unexpectedTensors() throws IOException {
        // gemma2 reads its logits through token_embd only; phi3 is accepted only with fused Q, K and V.
        GgufFile gemma2 = GgufFile.open(write(TinyFamily.Spec.of("gemma2")));
        refused(GgufEdit.of(gemma2).tensor("output.weight", new GgufEdit.Tensor(new float[32 * TINY_VOCAB], 32,
                TINY_VOCAB)).write(tmp.resolve("out.gguf")), "has tensor 'output.weight', which a gemma2 model does not have");
        GgufFile phi3 = GgufFile.open(write(TinyFamily.Spec.of("phi3")));
        refused(GgufEdit.of(phi3).tensor("blk.0.attn_q.weight", new GgufEdit.Tensor(new float[64 * 64], 64, 64))
                .write(tmp.resolve("q.gguf")), "has tensor 'blk.0.attn_q.weight', which a phi3 model does not have");
    }

    @Test
    void familyKeys() throws IOException {
        GgufFile gemma2 = GgufFile.open(write(TinyFamily.Spec.of("gemma2")));
        refused(GgufEdit.of(gemma2).put("gemma2.attention.sliding_window", null).write(tmp.resolve("a.gguf")),
                "lacks metadata key 'gemma2.attention.sliding_window'");
        refused(GgufEdit.of(gemma2).put("gemma2.attn_logit_softcapping", GgufValue.f32(0)).write(tmp.resolve("b.gguf")),
                "gemma2.attn_logit_softcapping is 0.0; it must be positive");
        GgufFile gemma3 = GgufFile.open(write(TinyFamily.Spec.of("gemma3")));
        refused(GgufEdit.of(gemma3).put("gemma3.attention.sliding_window_pattern", GgufValue.u32(4))
                .write(tmp.resolve("c.gguf")), "gemma3.attention.sliding_window_pattern is u32 4");
        refused(GgufEdit.of(gemma3).put("gemma3.final_logit_softcapping", GgufValue.f32(30))
                .write(tmp.resolve("d.gguf")), "has gemma3.final_logit_softcapping, which llama.cpp b4916 ignores");
        GgufFile qwen2 = GgufFile.open(write(TinyFamily.Spec.of("qwen2")));
        refused(GgufEdit.of(qwen2).put("qwen2.rope.dimension_count", GgufValue.u32(8)).write(tmp.resolve("e.gguf")),
                "qwen2.rope.dimension_count is 8; llama.cpp requires the head size 16");
        refused(GgufEdit.of(qwen2).put("qwen2.attention.key_length", GgufValue.u32(8)).write(tmp.resolve("f.gguf")),
                "qwen2.attention.key_length/value_length are 8/16");
        GgufFile phi3 = GgufFile.open(write(TinyFamily.Spec.of("phi3")));
        Path noWindow = GgufEdit.of(phi3).put("phi3.attention.sliding_window", null).write(tmp.resolve("g.gguf"));
        refusedBy(LlamaRuntime.Abi.B4916, noWindow,
                "lacks metadata key 'phi3.attention.sliding_window', which llama.cpp b4916 needs");
        assertEquals("phi3", ModelCheck.requireCapturable(GgufFile.open(noWindow), LlamaRuntime.Abi.V0_5_0)
                .architecture());
        refused(GgufEdit.of(phi3).put("phi3.rope.dimension_count", GgufValue.u32(18)).write(tmp.resolve("h.gguf")),
                "phi3.rope.dimension_count is 18; llama.cpp needs an even count from 2 to the head size 16");
    }

    @Test
    void gemma2DepthsThatB4916AbortsOnAreRefusedThereOnly() throws IOException {
        Path file = write(TinyFamily.Spec.of("gemma2").withLayers(3));
        refusedBy(LlamaRuntime.Abi.B4916, file,
                "gemma2.block_count is 3; llama.cpp b4916 aborts on gemma2 models other than");
        assertEquals(3, ModelCheck.requireCapturable(GgufFile.open(file), LlamaRuntime.Abi.V0_5_0).nLayer());
    }
}
