package org.babelscope.model.gguf;

import java.util.OptionalInt;

/**
 * What babelscope needs to know about a model before capturing from it, as checked by
 * {@link ModelCheck}.
 *
 * @param architecture {@code general.architecture}, e.g. {@code llama}
 * @param nLayer the number of blocks; captured states are {@code l_out-0} to {@code l_out-(nLayer-1)}
 * @param nEmbd the width of the residual stream, the length of every captured state
 * @param nHead attention heads
 * @param nHeadKv key/value heads (fewer than {@code nHead} with grouped-query attention)
 * @param nVocab tokens in the vocabulary
 * @param contextLength the context length the model was trained with
 * @param fileType {@code general.file_type} (llama.cpp's {@code llama_ftype}: 0 all F32, 1 mostly
 *     F16, 7 mostly Q8_0, ...), empty when the file does not say
 */
public record ModelInfo(String architecture, int nLayer, int nEmbd, int nHead, int nHeadKv, int nVocab,
        int contextLength, OptionalInt fileType) {
}
