package org.babelscope.model.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import java.nio.file.Path;
import java.util.List;

/**
 * Generation through java-llama.cpp (llama.cpp's own sampling and stop-string handling). By default
 * greedy: temperature 0 and top-k 1, no repetition penalties, so the output is the argmax path.
 * {@link #generate(String, List, int, Sampling)} samples instead. The returned text ends before the
 * first stop string.
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

    /**
     * How to draw each next token: temperature 0 is greedy (top-k 1); above 0, llama.cpp's
     * default top-k, top-p and min-p filters apply at that temperature, with the given seed so a
     * request is reproducible on its own.
     */
    public record Sampling(float temperature, int seed) {
        public static final Sampling GREEDY = new Sampling(0f, 0);

        public Sampling {
            if (!(temperature >= 0)) {
                throw new IllegalArgumentException("temperature must be 0 or more, not " + temperature);
            }
        }
    }

    /** Greedy generation. */
    public String generate(String prompt, List<String> stops, int maxNewTokens) {
        return generate(prompt, stops, maxNewTokens, Sampling.GREEDY);
    }

    public String generate(String prompt, List<String> stops, int maxNewTokens, Sampling sampling) {
        InferenceParameters p = new InferenceParameters(prompt)
                .setTemperature(sampling.temperature())
                .setRepeatPenalty(1f)
                .setFrequencyPenalty(0f)
                .setPresencePenalty(0f)
                .setSeed(sampling.seed())
                .setCachePrompt(false)
                .setNPredict(maxNewTokens);
        if (sampling.temperature() == 0f) {
            p.setTopK(1);
        }
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
