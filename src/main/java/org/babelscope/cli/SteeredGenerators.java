package org.babelscope.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.babelscope.eval.EvalJob;
import org.babelscope.lens.Steering;
import org.babelscope.model.gguf.ControlVectorFile;
import org.babelscope.model.llama.JavaLlamaGenerator;

/**
 * Generators for eval's generation tasks: one plain model for unsteered languages, and for a
 * steered language a model loaded with its control vector (java-llama.cpp takes control vectors
 * only as files, at load time), kept until the next steered language.
 */
final class SteeredGenerators implements EvalJob.Generators, AutoCloseable {
    private final Path model;
    private final int threads;
    private final int contextTokens;
    private final int gpuLayers;
    private final Steering steering;
    private final String architecture;
    private JavaLlamaGenerator plain;
    private JavaLlamaGenerator steered;
    private Path vectorFile;

    SteeredGenerators(Path model, int threads, int contextTokens, int gpuLayers, Steering steering, String architecture) {
        this.model = model;
        this.threads = threads;
        this.contextTokens = contextTokens;
        this.gpuLayers = gpuLayers;
        this.steering = steering;
        this.architecture = architecture;
    }

    @Override
    public JavaLlamaGenerator forLanguage(String lang) {
        TreeMap<Integer, float[]> vectors = steering == null ? new TreeMap<>() : steering.vectors(lang);
        if (vectors.isEmpty()) {
            if (plain == null) {
                plain = new JavaLlamaGenerator(model, threads, contextTokens, gpuLayers);
            }
            return plain;
        }
        closeSteered();
        try {
            vectorFile = Files.createTempFile("babelscope-steer-", ".gguf");
            new ControlVectorFile(architecture, vectors).write(vectorFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        steered = new JavaLlamaGenerator(model, threads, contextTokens, gpuLayers, vectorFile);
        return steered;
    }

    private void closeSteered() {
        if (steered != null) {
            steered.close();
            steered = null;
        }
        if (vectorFile != null) {
            try {
                Files.deleteIfExists(vectorFile);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans its temp directory
            }
            vectorFile = null;
        }
    }

    @Override
    public void close() {
        closeSteered();
        if (plain != null) {
            plain.close();
        }
    }
}
