package org.babelscope.model.llama;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.CacheType;
import de.kherud.llama.args.PoolingType;
import java.nio.file.Path;

/**
 * java-llama.cpp's own embedding path ({@code LlamaModel.embed}, LAST pooling: the last token's
 * final state after the output norm, L2-normalised), one text per call. babelscope does not capture
 * through it (it sees only the last layer); it is the baseline of {@code bench capture} and a check
 * on the shim's last layer.
 */
public final class JavaLlamaEmbedder implements AutoCloseable {
    private final LlamaModel model;

    public JavaLlamaEmbedder(Path gguf, int threads, int contextTokens, KvType kvType, int gpuLayers) {
        LlamaLibrary.loadJavaLlama();
        CacheType cache = kvType == KvType.F32 ? CacheType.F32 : CacheType.F16;
        ModelParameters p = new ModelParameters()
                .setModel(gguf.toAbsolutePath().toString())
                .enableEmbedding()
                .setPoolingType(PoolingType.LAST)
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setCtxSize(contextTokens)
                .setBatchSize(contextTokens)
                .setUbatchSize(contextTokens)
                .setCacheTypeK(cache)
                .setCacheTypeV(cache);
        if (gpuLayers > 0) { // asking a CPU build for 0 GPU layers still makes it warn
            p.setGpuLayers(gpuLayers);
        }
        if (System.getenv("BABELSCOPE_DEBUG") == null) {
            p.disableLog();
        }
        this.model = new LlamaModel(p);
    }

    public float[] embed(String text) {
        return model.embed(text);
    }

    @Override
    public void close() {
        model.close();
    }
}
