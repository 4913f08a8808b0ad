package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.babelscope.model.GgufEdit;
import org.babelscope.model.gguf.GgufFile;
import org.babelscope.model.gguf.GgufValue;
import org.babelscope.model.gguf.TinyLlama;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner process: a command that loads a model runs past its Java gate in a child JVM, so a
 * llama.cpp abort on a file the gate let through ends in one line and exit 2, with nothing left
 * behind; and a run that does not crash gives the same bytes as one in-process.
 */
class IsolationTest {
    @TempDir
    Path dir;

    private String before;

    @BeforeEach
    void isolate() {
        before = System.getProperty("babelscope.isolation");
        System.setProperty("babelscope.isolation", "process");
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("babelscope.isolation");
        } else {
            System.setProperty("babelscope.isolation", before);
        }
    }

    private Path tinyModel() throws IOException {
        Path model = dir.resolve("tiny.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(2).nEmbd(32).nHead(4).nHeadKv(2).nFf(64).seed(5).build(), model);
        return model;
    }

    @Test
    void aVocabularyWithTwoEqualTokensEndsInOneLineAndExit2() throws IOException {
        Path good = tinyModel();
        String[] tokens = GgufFile.open(good).stringArray("tokenizer.ggml.tokens");
        tokens[tokens.length - 1] = tokens[tokens.length - 2];
        Path bad = GgufEdit.of(GgufFile.open(good)).put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens))
                .write(dir.resolve("dup.gguf"));
        Path out = dir.resolve("store");
        CliRunner r = CliRunner.run("capture", "--model", bad.toString(), "--corpus", "builtin", "--limit", "4",
                "--out", out.toString());
        System.out.println(r);
        assertEquals(2, r.exitCode, r.toString());
        List<String> errors = r.err.lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), r.toString());
        assertTrue(errors.get(0).contains("llama.cpp crashed on model " + bad.toAbsolutePath().normalize()), r.toString());
        assertTrue(errors.get(0).contains("GGML_ASSERT("), r.toString());
        assertFalse(r.err.contains("# A fatal error"), r.toString());
        assertFalse(r.out.contains("#0") || r.out.contains("gdb") || r.out.contains("#"), r.toString());
        assertFalse(Files.exists(out), "a crashed capture leaves no store");
        try (Stream<Path> files = Files.list(Path.of("."))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")));
        }
    }

    @Test
    void aCaptureInTheRunnerWritesTheSameBytesAsInProcess() throws IOException {
        Path model = tinyModel();
        Path isolated = dir.resolve("isolated");
        Path inProcess = dir.resolve("in-process");
        CliRunner a = CliRunner.run("capture", "--model", model.toString(), "--corpus", "builtin", "--limit", "6",
                "--out", isolated.toString());
        CliRunner b = CliRunner.run("capture", "--model", model.toString(), "--corpus", "builtin", "--limit", "6",
                "--isolation", "none", "--out", inProcess.toString());
        assertEquals(0, a.exitCode, a.toString());
        assertEquals(0, b.exitCode, b.toString());
        try (Stream<Path> files = Files.list(inProcess)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".npy")).toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(isolated.resolve(f.getFileName())), f.toString());
            }
        }
        // The gate's messages are printed once, by the runner.
        assertEquals(1, a.err.lines().filter(l -> l.startsWith("corpus ")).count(), a.toString());
    }
}
