package org.babelscope.model.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import java.nio.file.Path;
import java.util.List;

/**
 * Greedy generation through java-llama.cpp (llama.cpp's own sampling and stop-string handling):
 * temperature 0 and top-k 1, no repetition penalties, so the output is the argmax path. The
 * returned text ends before the first stop string.
 */
public final class JavaLlamaGenerator implements AutoCloseable {
    private final LlamaModel model;

    public JavaLlamaGenerator(Path gguf, int threads, int contextTokens, int gpuLayers) {
        this(gguf, threads, contextTokens, gpuLayers, null);
    }

    /**
     * @param controlVector a llama.cpp control-vector file applied to every decode (its own layers,
     *                      scale 1), or null
     */
    public JavaLlamaGenerator(Path gguf, int threads, int contextTokens, int gpuLayers, Path controlVector) {
        LlamaLibrary.loadJavaLlama();
        ModelParameters p = new ModelParameters()
                .setModel(gguf.toAbsolutePath().toString())
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setCtxSize(contextTokens)
                .setBatchSize(Math.min(contextTokens, 2048));
        if (gpuLayers > 0) {
            p.setGpuLayers(gpuLayers);
        }
        if (controlVector != null) {
            p.addControlVector(controlVector.toAbsolutePath().toString());
        }
        if (System.getenv("BABELSCOPE_DEBUG") == null) {
            p.disableLog();
        }
        this.model = new LlamaModel(p);
    }

    public String generate(String prompt, List<String> stops, int maxNewTokens) {
        InferenceParameters p = new InferenceParameters(prompt)
                .setTemperature(0f)
                .setTopK(1)
                .setRepeatPenalty(1f)
                .setFrequencyPenalty(0f)
                .setPresencePenalty(0f)
                .setSeed(0)
                .setCachePrompt(false)
                .setNPredict(maxNewTokens);
        if (!stops.isEmpty()) {
            p.setStopStrings(stops.toArray(String[]::new));
        }
        return model.complete(p);
    }

    @Override
    public void close() {
        model.close();
    }
}
