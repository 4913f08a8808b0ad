package org.babelscope.model.gguf;

import java.util.Set;
import org.babelscope.BadInputException;
import org.babelscope.model.llama.LlamaRuntime;

/**
 * The hyperparameter rules of each architecture beyond the ones all share: the head and RoPE
 * sizes its llama.cpp graph asserts on (an abort, not an error), and the keys that b4916 needs or
 * that change the forward pass (sliding window, soft-capping). Where llama.cpp b4916 and v0.5.0
 * read a key differently, the files both runtimes compute alike are accepted and the others are
 * refused, so that a capture never depends on the runtime that happened to run it. What only
 * b4916 cannot run (gemma2 of other depths than 26, 42 and 46; phi3 without a sliding-window key)
 * is refused for b4916 only: v0.5.0 runs it and matches the reference (ModelFamiliesTest).
 */
final class FamilyKeys {
    /** The sizes the rules are about. */
    record Heads(int nEmbd, int nHead, int headK, int headV, int nRot, int nExpert, int nLayer) {
    }

    private static final Set<Integer> GEMMA2_DEPTHS = Set.of(26, 42, 46);

    private final GgufFile gguf;
    private final String arch;
    private final boolean b4916;
    private final Heads h;

    private FamilyKeys(GgufFile gguf, String arch, LlamaRuntime.Abi runtime, Heads h) {
        this.gguf = gguf;
        this.arch = arch;
        this.b4916 = runtime == LlamaRuntime.Abi.B4916;
        this.h = h;
    }

    static void check(GgufFile gguf, String arch, LlamaRuntime.Abi runtime, Heads heads) {
        new FamilyKeys(gguf, arch, runtime, heads).check();
    }

    private void check() {
        if (!arch.equals("llama") && h.nExpert() > 0) {
            throw bad(arch + ".expert_count is " + h.nExpert() + "; a " + arch + " model has no experts");
        }
        switch (arch) {
            case "llama" -> wholeHeadRope();
            case "qwen2" -> {
                // Q is n_embd wide and is cut into heads of n_embd / n_head: no head size of its own.
                headsSplitEmbedding();
                wholeHeadRope();
            }
            case "qwen3" -> {
                equalKeyAndValueSize();
                wholeHeadRope();
            }
            case "gemma2", "gemma3" -> gemma();
            case "phi3" -> phi3();
            default -> throw new IllegalArgumentException("no key rules for " + arch);
        }
    }

    /** llama.cpp asserts (or, for llama, requires) that RoPE turns the whole head. */
    private void wholeHeadRope() {
        if (h.nRot() != h.headK()) {
            throw bad(arch + ".rope.dimension_count is " + h.nRot() + "; llama.cpp requires the head size " + h.headK());
        }
    }

    private void headsSplitEmbedding() {
        if ((long) h.headK() * h.nHead() != h.nEmbd() || h.headV() != h.headK()) {
            throw bad(arch + ".attention.key_length/value_length are " + h.headK() + "/" + h.headV() + "; llama.cpp's "
                    + arch + " graph requires both to be n_embd / head_count = " + h.nEmbd() / h.nHead());
        }
    }

    private void equalKeyAndValueSize() {
        if (h.headV() != h.headK()) {
            throw bad(arch + ".attention.value_length " + h.headV() + " differs from key_length " + h.headK()
                    + "; llama.cpp's " + arch + " graph asserts they are equal");
        }
    }

    /**
     * Both gemmas: a sliding window (b4916 requires the key) on the layers of a fixed pattern,
     * every second layer for gemma2 and five of every six for gemma3. v0.5.0 also reads
     * {@code attention.sliding_window_pattern}; b4916 ignores it and uses those patterns, so a
     * different pattern is refused.
     */
    private void gemma() {
        equalKeyAndValueSize();
        wholeHeadRope();
        positiveU32(arch + ".attention.sliding_window");
        int pattern = arch.equals("gemma2") ? 2 : 6;
        String patternKey = arch + ".attention.sliding_window_pattern";
        if (gguf.has(patternKey)) {
            GgufValue v = gguf.value(patternKey);
            if (v.isArray() || v.type() != GgufType.UINT32 || v.asLong() != pattern) {
                throw bad(patternKey + " is " + (v.isArray() ? "an array" : v.typeName() + " " + v.asLong())
                        + "; babelscope supports the pattern both llama.cpp runtimes use for " + arch + ": u32 " + pattern);
            }
        }
        if (b4916 && arch.equals("gemma2") && !GEMMA2_DEPTHS.contains(h.nLayer())) {
            // b4916 picks the query scale by model size and aborts (GGML_ABORT) on any other;
            // v0.5.0 takes 1/sqrt(key_length) for every size but 27B's.
            throw bad(arch + ".block_count is " + h.nLayer() + "; llama.cpp b4916 aborts on gemma2 models other than"
                    + " Gemma 2 2B, 9B and 27B (26, 42 or 46 layers)");
        }
        if (arch.equals("gemma2")) {
            // llama.cpp divides by them; absent, it uses 50 and 30.
            positiveF32(arch + ".attn_logit_softcapping");
            positiveF32(arch + ".final_logit_softcapping");
            // v0.5.0 reads a base of its own for the local layers; b4916 uses the global one.
            String swaBase = arch + ".rope.freq_base_swa";
            float base = gguf.has(arch + ".rope.freq_base") ? gguf.float32(arch + ".rope.freq_base") : 10000f;
            if (gguf.has(swaBase) && gguf.float32(swaBase) != base) {
                throw bad(swaBase + " is " + gguf.float32(swaBase) + "; llama.cpp b4916 uses the global base " + base
                        + " on gemma2's local layers whatever the file says");
            }
        } else {
            // b4916's gemma3 graph has no logit soft-capping and uses base 10000 on local layers
            // whatever the file says; v0.5.0 reads both keys. Files that set them would give
            // different logits or states on the two runtimes.
            for (String key : new String[] {arch + ".final_logit_softcapping", arch + ".attn_logit_softcapping"}) {
                if (gguf.has(key)) {
                    throw bad("has " + key + ", which llama.cpp b4916 ignores for gemma3 and v0.5.0 applies;"
                            + " babelscope refuses a model whose output depends on the runtime");
                }
            }
            String swaBase = arch + ".rope.freq_base_swa";
            if (gguf.has(swaBase) && gguf.float32(swaBase) != 10000f) {
                throw bad(swaBase + " is " + gguf.float32(swaBase) + "; llama.cpp b4916 uses 10000 on gemma3's local"
                        + " layers whatever the file says");
            }
        }
    }

    /**
     * Phi-3 cuts Q, K and V into heads of n_embd / n_head and may rotate only part of each
     * head (Phi-4-mini rotates 3/4). b4916 throws when {@code attention.sliding_window} is
     * missing; v0.5.0 reads it and then turns Phi-3's sliding window off.
     */
    private void phi3() {
        headsSplitEmbedding();
        if (h.nRot() < 2 || h.nRot() % 2 != 0 || h.nRot() > h.headK()) {
            throw bad(arch + ".rope.dimension_count is " + h.nRot() + "; llama.cpp needs an even count from 2 to the"
                    + " head size " + h.headK());
        }
        String window = arch + ".attention.sliding_window";
        if (!gguf.has(window)) {
            if (!b4916) {
                return;
            }
            throw bad("lacks metadata key '" + window + "', which llama.cpp b4916 needs (--llama-runtime java-llama;"
                    + " the default runtime does without it)");
        }
        GgufValue v = gguf.value(window);
        if (v.isArray() || v.type() != GgufType.UINT32) {
            throw bad(window + " is " + v.typeName() + "; llama.cpp requires u32");
        }
    }

    private void positiveU32(String key) {
        if (!gguf.has(key)) {
            throw bad("lacks metadata key '" + key + "', which llama.cpp b4916 needs");
        }
        GgufValue v = gguf.value(key);
        if (v.isArray() || v.type() != GgufType.UINT32) {
            throw bad(key + " is " + v.typeName() + "; llama.cpp requires u32");
        }
        if (v.asLong() < 1) {
            throw bad(key + " is 0");
        }
    }

    private void positiveF32(String key) {
        if (!gguf.has(key)) {
            return;
        }
        GgufValue v = gguf.value(key);
        if (v.isArray() || v.type() != GgufType.FLOAT32) {
            throw bad(key + " is " + v.typeName() + "; llama.cpp requires f32");
        }
        float f = gguf.float32(key);
        if (!(f > 0) || Float.isInfinite(f)) {
            throw bad(key + " is " + f + "; it must be positive");
        }
    }

    private BadInputException bad(String what) {
        return new BadInputException(gguf.path() + ": " + what);
    }
}
