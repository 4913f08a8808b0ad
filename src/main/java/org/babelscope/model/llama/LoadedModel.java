package org.babelscope.model.llama;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.babelscope.BadInputException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * A GGUF model loaded into llama.cpp through the shim. The caller validates the file first
 * ({@code org.babelscope.model.gguf.ModelCheck}): llama.cpp aborts the process on many bad files.
 */
public final class LoadedModel implements AutoCloseable {
    private LlamaNative.ModelPtr handle;
    private final int nEmbd;
    private final int nLayer;
    private final int nCtxTrain;

    private LoadedModel(LlamaNative.ModelPtr handle) {
        this.handle = handle;
        this.nEmbd = LlamaNative.bs_llama_model_n_embd(handle);
        this.nLayer = LlamaNative.bs_llama_model_n_layer(handle);
        this.nCtxTrain = LlamaNative.bs_llama_model_n_ctx_train(handle);
    }

    /**
     * Loads an already validated model file.
     *
     * @param gpuLayers layers to offload to a GPU (a GPU build with a GPU device when above 0)
     */
    public static LoadedModel load(Path path, int gpuLayers) {
        LlamaRuntime.open(gpuLayers);
        LlamaNative.ModelPtr h;
        try (BytePointer p = new BytePointer(path.toAbsolutePath().toString(), StandardCharsets.UTF_8)) {
            h = LlamaNative.bs_llama_model_load(p, gpuLayers);
        }
        if (h == null || h.isNull()) {
            throw new BadInputException(LlamaNative.lastError());
        }
        return new LoadedModel(h);
    }

    public int nEmbd() {
        return nEmbd;
    }

    public int nLayer() {
        return nLayer;
    }

    /** The context length the model was trained with. */
    public int nCtxTrain() {
        return nCtxTrain;
    }

    /** Tokens of a text, with BOS first when {@code addBos} (as java-llama.cpp's embed() does). */
    public int[] tokenize(String text, boolean addBos) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int capacity = utf8.length + 4;
        try (BytePointer t = new BytePointer(utf8.length + 1)) {
            t.put(utf8).put(utf8.length, (byte) 0);
            while (true) {
                try (IntPointer out = new IntPointer(capacity)) {
                    int n = LlamaNative.bs_llama_tokenize(handle(), t, utf8.length, addBos ? 1 : 0, out, capacity);
                    if (n < 0) {
                        throw new LlamaFailure("tokenization failed: " + LlamaNative.lastError());
                    }
                    if (n <= capacity) {
                        int[] tokens = new int[n];
                        out.get(tokens);
                        return tokens;
                    }
                    capacity = n;
                }
            }
        }
    }

    LlamaNative.ModelPtr handle() {
        return Objects.requireNonNull(handle, "model closed");
    }

    @Override
    public void close() {
        if (handle != null) {
            LlamaNative.bs_llama_model_free(handle);
            handle = null;
        }
    }
}
