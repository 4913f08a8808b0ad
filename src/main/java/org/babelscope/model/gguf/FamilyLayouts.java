package org.babelscope.model.gguf;

import static org.babelscope.model.gguf.ExpectedTensors.Role.MATRIX;
import static org.babelscope.model.gguf.ExpectedTensors.Role.VECTOR;

/**
 * The tensor layout llama.cpp loads for each architecture babelscope knows: the names, shapes
 * (ggml order: inputs first) and roles its {@code load_tensors} asks for. Where llama.cpp b4916
 * and v0.5.0 differ, only what both load is allowed (for example qwen2's {@code output.bias},
 * which only v0.5.0 reads, is refused).
 */
final class FamilyLayouts {
    /** The sizes the shapes are made of, read and checked by {@link ModelCheck}. */
    record Sizes(int nLayer, int nEmbd, int nHead, int nHeadKv, int headK, int headV, int nFf, int nRot, int nVocab,
            int nExpert) {
        long qDim() {
            return (long) headK * nHead;
        }

        long kDim() {
            return (long) headK * nHeadKv;
        }

        long vDim() {
            return (long) headV * nHeadKv;
        }
    }

    private FamilyLayouts() {
    }

    static ExpectedTensors of(String arch, Sizes s) {
        ExpectedTensors t = new ExpectedTensors(arch);
        t.require("token_embd.weight", MATRIX, s.nEmbd(), s.nVocab());
        t.require("output_norm.weight", VECTOR, s.nEmbd());
        if (!arch.equals("gemma2")) {
            // gemma2 always reads its logits through token_embd; the others fall back to it.
            t.allow("output.weight", MATRIX, s.nEmbd(), s.nVocab());
        }
        switch (arch) {
            case "llama" -> llama(t, s);
            case "qwen2", "qwen3" -> qwen(t, s, arch.equals("qwen2"));
            case "gemma2", "gemma3" -> gemma(t, s, arch.equals("gemma3"));
            case "phi3" -> phi3(t, s);
            default -> throw new IllegalArgumentException("no tensor layout for " + arch);
        }
        return t;
    }

    private static void llama(ExpectedTensors t, Sizes s) {
        t.allow("rope_freqs.weight", VECTOR, s.nRot() / 2);
        t.allow("rope_factors_long.weight", VECTOR, s.nRot() / 2);
        t.allow("rope_factors_short.weight", VECTOR, s.nRot() / 2);
        for (int i = 0; i < s.nLayer(); i++) {
            String b = "blk." + i + ".";
            t.require(b + "attn_norm.weight", VECTOR, s.nEmbd());
            separateQkv(t, b, s);
            t.require(b + "attn_output.weight", MATRIX, s.qDim(), s.nEmbd());
            t.allow(b + "attn_q.bias", VECTOR, s.nEmbd());
            t.allow(b + "attn_k.bias", VECTOR, s.kDim());
            t.allow(b + "attn_v.bias", VECTOR, s.vDim());
            t.allow(b + "attn_output.bias", VECTOR, s.nEmbd());
            t.require(b + "ffn_norm.weight", VECTOR, s.nEmbd());
            if (s.nExpert() == 0) {
                gatedFfn(t, b, s);
                t.allow(b + "ffn_gate.bias", VECTOR, s.nFf());
                t.allow(b + "ffn_down.bias", VECTOR, s.nEmbd());
                t.allow(b + "ffn_up.bias", VECTOR, s.nFf());
            } else {
                t.require(b + "ffn_gate_inp.weight", MATRIX, s.nEmbd(), s.nExpert());
                t.allow(b + "ffn_gate_exps.weight", MATRIX, s.nEmbd(), s.nFf(), s.nExpert());
                t.require(b + "ffn_down_exps.weight", MATRIX, s.nFf(), s.nEmbd(), s.nExpert());
                t.require(b + "ffn_up_exps.weight", MATRIX, s.nEmbd(), s.nFf(), s.nExpert());
            }
        }
    }

    /** qwen2: llama's layout with Q, K and V biases (b4916 requires them); qwen3: Q and K norms instead. */
    private static void qwen(ExpectedTensors t, Sizes s, boolean biases) {
        for (int i = 0; i < s.nLayer(); i++) {
            String b = "blk." + i + ".";
            t.require(b + "attn_norm.weight", VECTOR, s.nEmbd());
            separateQkv(t, b, s);
            if (biases) {
                t.require(b + "attn_q.bias", VECTOR, s.qDim());
                t.require(b + "attn_k.bias", VECTOR, s.kDim());
                t.require(b + "attn_v.bias", VECTOR, s.vDim());
            } else {
                t.require(b + "attn_q_norm.weight", VECTOR, s.headK());
                t.require(b + "attn_k_norm.weight", VECTOR, s.headK());
            }
            t.require(b + "attn_output.weight", MATRIX, s.qDim(), s.nEmbd());
            t.require(b + "ffn_norm.weight", VECTOR, s.nEmbd());
            gatedFfn(t, b, s);
        }
    }

    /** Norms before and after attention and FFN; gemma3 adds Q and K norms. */
    private static void gemma(ExpectedTensors t, Sizes s, boolean qkNorms) {
        for (int i = 0; i < s.nLayer(); i++) {
            String b = "blk." + i + ".";
            t.require(b + "attn_norm.weight", VECTOR, s.nEmbd());
            separateQkv(t, b, s);
            if (qkNorms) {
                t.require(b + "attn_q_norm.weight", VECTOR, s.headK());
                t.require(b + "attn_k_norm.weight", VECTOR, s.headK());
            }
            t.require(b + "attn_output.weight", MATRIX, s.qDim(), s.nEmbd());
            t.require(b + "post_attention_norm.weight", VECTOR, s.nEmbd());
            t.require(b + "ffn_norm.weight", VECTOR, s.nEmbd());
            gatedFfn(t, b, s);
            t.require(b + "post_ffw_norm.weight", VECTOR, s.nEmbd());
        }
    }

    /**
     * Q, K and V in one matrix, gate and up in one matrix (gate first). Phi-3's converter
     * writes them fused; b4916's phi3 graph reads separate Q, K and V without their biases, so
     * only the fused form is accepted.
     */
    private static void phi3(ExpectedTensors t, Sizes s) {
        for (int i = 0; i < s.nLayer(); i++) {
            String b = "blk." + i + ".";
            t.require(b + "attn_norm.weight", VECTOR, s.nEmbd());
            t.require(b + "attn_qkv.weight", MATRIX, s.nEmbd(), s.qDim() + s.kDim() + s.vDim());
            t.require(b + "attn_output.weight", MATRIX, s.nEmbd(), s.nEmbd());
            t.require(b + "ffn_norm.weight", VECTOR, s.nEmbd());
            t.require(b + "ffn_up.weight", MATRIX, s.nEmbd(), 2L * s.nFf());
            t.require(b + "ffn_down.weight", MATRIX, s.nFf(), s.nEmbd());
        }
        // Phi-3 128k's LongRoPE factors, one pair for all layers.
        t.allow("rope_factors_long.weight", VECTOR, s.nRot() / 2);
        t.allow("rope_factors_short.weight", VECTOR, s.nRot() / 2);
    }

    private static void separateQkv(ExpectedTensors t, String b, Sizes s) {
        t.require(b + "attn_q.weight", MATRIX, s.nEmbd(), s.qDim());
        t.require(b + "attn_k.weight", MATRIX, s.nEmbd(), s.kDim());
        t.require(b + "attn_v.weight", MATRIX, s.nEmbd(), s.vDim());
    }

    private static void gatedFfn(ExpectedTensors t, String b, Sizes s) {
        t.require(b + "ffn_gate.weight", MATRIX, s.nEmbd(), s.nFf());
        t.require(b + "ffn_down.weight", MATRIX, s.nFf(), s.nEmbd());
        t.require(b + "ffn_up.weight", MATRIX, s.nEmbd(), s.nFf());
    }
}
