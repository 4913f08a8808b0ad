package org.babelscope.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the shared real models: the directory named by the system property
 * {@code babelscope.shared}, else {@code ../shared} relative to the project directory (where
 * Maven runs tests). Tests that need a shared file skip, through a JUnit assumption, when it is
 * absent.
 */
public final class TestModels {
    private TestModels() {
    }

    public static Path sharedDir() {
        String prop = System.getProperty("babelscope.shared");
        return prop != null ? Path.of(prop) : Path.of("..", "shared");
    }

    /** {@code <shared>/models/<name>}; skips the calling test when it does not exist. */
    public static Path sharedModel(String name) {
        Path p = sharedDir().resolve("models").resolve(name);
        assumeTrue(Files.isRegularFile(p), () -> p + " is not available");
        return p;
    }

    /** llama.cpp's stories260K: a real llama model, n_embd 64, 5 layers, 8 heads, 4 KV heads, vocab 512, all F32. */
    public static Path stories260K() {
        return sharedModel("stories260K.gguf");
    }

    /** llama.cpp's vocabulary-only file of the Llama 2 SentencePiece tokenizer (32000 tokens). */
    public static Path llamaSpmVocab() {
        return sharedModel("ggml-vocab-llama-spm.gguf");
    }
}
