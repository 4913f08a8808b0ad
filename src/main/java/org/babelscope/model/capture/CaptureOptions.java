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
 * @param gpuLayers      layers llama.cpp offloads to a GPU (a CPU build ignores it)
 */
public record CaptureOptions(Pooling pooling, String layers, int batchSequences, int batchTokens, int threads,
        int gpuLayers, Dtype dtype, KvType kvType) {
    /** Texts per decode; with {@link #DEFAULT_BATCH_TOKENS}, the fastest of those measured on a CPU. */
    public static final int DEFAULT_BATCH = 16;
    public static final int DEFAULT_BATCH_TOKENS = 512;

    public static CaptureOptions defaults() {
        return new CaptureOptions(Pooling.LAST, "all", DEFAULT_BATCH, DEFAULT_BATCH_TOKENS, Runtime.getRuntime().availableProcessors(), 0,
                Dtype.F32, KvType.F32);
    }
}
