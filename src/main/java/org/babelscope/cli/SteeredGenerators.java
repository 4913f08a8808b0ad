package org.babelscope.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.babelscope.eval.EvalJob;
import org.babelscope.lens.Steering;
import org.babelscope.model.gguf.ControlVectorFile;
import org.babelscope.model.llama.JavaLlamaGenerator;

/**
 * Generators for eval's generation tasks: one plain model for unsteered languages, and for a
 * steered language a model loaded with its control vector (java-llama.cpp takes control vectors
 * only as files, at load time), kept until a language needs other vectors: a control-vector file
 * gives every language the same ones, so it is loaded once.
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
    private TreeMap<Integer, float[]> steeredVectors;
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
        if (steered != null && same(vectors, steeredVectors)) {
            return steered;
        }
        closeSteered();
        try {
            vectorFile = Files.createTempFile("babelscope-steer-", ".gguf");
            new ControlVectorFile(architecture, vectors).write(vectorFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        steered = new JavaLlamaGenerator(model, threads, contextTokens, gpuLayers, vectorFile);
        steeredVectors = vectors;
        return steered;
    }

    private static boolean same(TreeMap<Integer, float[]> a, TreeMap<Integer, float[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, float[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private void closeSteered() {
        if (steered != null) {
            steered.close();
            steered = null;
            steeredVectors = null;
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
