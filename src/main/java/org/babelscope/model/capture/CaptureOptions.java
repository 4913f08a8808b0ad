package org.babelscope.model.capture;

import org.babelscope.model.llama.KvType;
import org.babelscope.model.llama.Pooling;
import org.babelscope.store.Dtype;

/**
 * How a capture runs.
 *
 * @param layers         {@code all}, {@code a-b} or {@code a}: resolved against the model
 * @param batchSequences sentences per llama_decode
 * @param batchTokens    tokens per llama_decode (the context size); longer texts are truncated to it
 */
public record CaptureOptions(Pooling pooling, String layers, int batchSequences, int batchTokens, int threads,
        Dtype dtype, KvType kvType) {
    /**
     * Texts (eval: options) per decode. bench capture, 8-layer n_embd 1024 Q8_0 model, 2 cores, 512
     * tokens: 8, 16 and 32 texts ran 36.4, 34.3 and 31.0 texts/s, within 15%; 16 lets eval put four
     * 4-option items in one decode.
     */
    public static final int DEFAULT_BATCH = 16;
    public static final int DEFAULT_BATCH_TOKENS = 512;

    public static CaptureOptions defaults() {
        return new CaptureOptions(Pooling.LAST, "all", DEFAULT_BATCH, DEFAULT_BATCH_TOKENS, org.babelscope.model.llama.CpuThreads.idleCores(),
                Dtype.F32, KvType.F32);
    }
}
