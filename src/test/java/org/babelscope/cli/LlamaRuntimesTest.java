package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.model.TestModels;
import org.babelscope.model.gguf.TinyLlama;
import org.babelscope.model.llama.LlamaPackages;
import org.babelscope.model.llama.LlamaRuntime;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.StoreView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two llama.cpp runtimes (v0.5.0, the default, and b4916 inside java-llama.cpp) against each
 * other, and the refusals of a bad choice of runtime. A process runs one llama.cpp, so the runtime
 * that is not open in this JVM, and every choice that must not stick to it, runs the CLI in a child
 * JVM ({@link ChildCli}).
 */
class LlamaRuntimesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void model() throws IOException {
        model = dir.resolve("tiny.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(2).nEmbd(32).nHead(4).nHeadKv(2).nFf(64).seed(4).build(), model);
    }

    /** The runtime that is not open (or will not open) in this JVM. */
    private static String otherRuntime() {
        return LlamaRuntime.abi() == LlamaRuntime.Abi.B4916 ? "cpu" : "java-llama";
    }

    @Test
    void bothRuntimesCaptureTheSameStatesAndLogLikelihoodsFromStories260K() throws Exception {
        Path stories = TestModels.stories260K();
        Path here = dir.resolve("agree-here");
        Path there = dir.resolve("agree-there");
        String[] capture = {"capture", "--model", stories.toString(), "--corpus", "builtin", "--langs",
            "fra_Latn,zho_Hans", "--limit", "3", "--pooling", "mean", "--layers", "all"};
        CliRunner a = CliRunner.run(concat(capture, "--out", here.toString()));
        assertEquals(0, a.exitCode, a.toString());
        ChildCli b = ChildCli.run(List.of(), concat(capture, "--llama-runtime", otherRuntime(), "--out", there.toString()));
        assertEquals(0, b.exitCode, b.toString());
        double worst = 0;
        try (EmbeddingStore x = EmbeddingStore.open(here); EmbeddingStore y = EmbeddingStore.open(there)) {
            assertEquals(x.viewNames(), y.viewNames());
            assertEquals(x.layers(), y.layers());
            assertEquals(5, x.layers().size());
            for (String view : x.viewNames()) {
                StoreView vx = x.view(view);
                StoreView vy = y.view(view);
                assertEquals(3, vx.items());
                for (int slot = 0; slot < vx.layers(); slot++) {
                    FloatMatrix mx = vx.layer(slot);
                    FloatMatrix my = vy.layer(slot);
                    for (int i = 0; i < vx.items(); i++) {
                        double diff = 0;
                        double norm = 0;
                        for (int e = 0; e < vx.dim(); e++) {
                            double d = mx.get(i, e) - my.get(i, e);
                            diff += d * d;
                            norm += (double) mx.get(i, e) * mx.get(i, e);
                        }
                        double rel = Math.sqrt(diff / norm);
                        assertTrue(rel < 1e-5, view + " layer slot " + slot + " item " + i + ": relative difference " + rel);
                        worst = Math.max(worst, rel);
                    }
                }
            }
        }
        // Log-likelihoods of multiple-choice continuations (the eval path), both runtimes.
        Path task = dir.resolve("task.jsonl");
        Files.write(task, List.of(
                "{\"lang\":\"en\",\"premise\":\"Once upon a time, there was a\",\"options\":[\"little girl.\",\"big dog.\"],\"label\":0}",
                "{\"lang\":\"en\",\"premise\":\"The cat sat on the\",\"options\":[\"mat.\",\"moon.\",\"tree.\"],\"label\":0}",
                "{\"lang\":\"fr\",\"premise\":\"Le chat dort sur le\",\"options\":[\"canapé.\",\"toit.\"],\"label\":0}"));
        String[] eval = {"eval", "--model", stories.toString(), "--task", "jsonl-mc", "--data", task.toString()};
        Path predHere = dir.resolve("eval-here/predictions.jsonl");
        Path predThere = dir.resolve("eval-there/predictions.jsonl");
        CliRunner e1 = CliRunner.run(concat(eval, "--out", predHere.toString()));
        assertEquals(0, e1.exitCode, e1.toString());
        ChildCli e2 = ChildCli.run(List.of(), concat(eval, "--llama-runtime", otherRuntime(), "--out", predThere.toString()));
        assertEquals(0, e2.exitCode, e2.toString());
        List<String> lx = Files.readAllLines(predHere);
        List<String> ly = Files.readAllLines(predThere);
        assertEquals(3, lx.size());
        assertEquals(lx.size(), ly.size());
        double worstLl = 0;
        for (int i = 0; i < lx.size(); i++) {
            JsonNode px = JSON.readTree(lx.get(i));
            JsonNode py = JSON.readTree(ly.get(i));
            assertEquals(px.get("loglik").size(), py.get("loglik").size());
            for (int k = 0; k < px.get("loglik").size(); k++) {
                double u = px.get("loglik").get(k).asDouble();
                double v = py.get("loglik").get(k).asDouble();
                assertEquals(u, v, 1e-4 * Math.max(1, Math.abs(u)), "item " + i + " option " + k);
                worstLl = Math.max(worstLl, Math.abs(u - v) / Math.max(1, Math.abs(u)));
            }
            assertEquals(px.get("prediction"), py.get("prediction"));
        }
        System.out.printf("stories260K, %s here and %s in a child JVM: worst relative state difference %.2e, worst "
                + "log-likelihood difference %.2e%n", LlamaRuntime.abi().release, otherRuntime(), worst, worstLl);
    }

    // Refusals of the choice of runtime: exit code 2, the reason, and nothing written.

    private static void assertRefused(ChildCli r, Path out, String... parts) {
        assertEquals(2, r.exitCode, r.toString());
        for (String part : parts) {
            assertTrue(r.err.contains(part), "'" + part + "' in:\n" + r);
        }
        assertFalse(Files.exists(out), out + " is left behind:\n" + r);
    }

    private static ChildCli captureWith(Path out, List<String> props, String... runtimeArgs) throws Exception {
        return ChildCli.run(props, concat(new String[] {"capture", "--model", model.toString(), "--corpus", "builtin",
            "--limit", "2", "--out", out.toString()}, runtimeArgs));
    }

    @Test
    void llamaLibThatIsMissingOrAFileOrHoldsNoLibllamaIsRefused() throws Exception {
        Path out = dir.resolve("refused-missing");
        Path missing = dir.resolve("no-such-folder");
        assertRefused(captureWith(out, List.of(), "--llama-lib", missing.toString()), out,
                "llama.cpp folder " + missing + " does not exist");
        assertRefused(captureWith(out, List.of(), "--llama-lib", model.toString()), out,
                "llama.cpp folder " + model + " does not exist (it is a file; --llama-lib takes the folder of libllama.so)");
        Path empty = Files.createDirectories(dir.resolve("empty-folder"));
        Files.writeString(empty.resolve("README"), "no library here");
        assertRefused(captureWith(out, List.of(), "--llama-lib", empty.toString()), out,
                "llama.cpp folder " + empty + " holds no libllama.so");
    }

    @Test
    void aForeignLibraryNamedLibllamaIsRefusedByItsMissingSymbols() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        try (InputStream in = LlamaRuntimesTest.class.getResourceAsStream("/de/kherud/llama/Linux/x86_64/libjllama.so")) {
            assertTrue(in != null, "java-llama.cpp's libjllama.so is on the class path");
            Files.copy(in, foreign.resolve("libllama.so"));
        }
        Path out = dir.resolve("refused-foreign");
        assertRefused(captureWith(out, List.of(), "--llama-lib", foreign.toString()), out,
                foreign.resolve("libllama.so").toString(), "is not llama.cpp of the v0.5.0 ABI: it lacks ");
    }

    @Test
    void aTruncatedLibllamaIsRefusedBeforeTheLoaderSeesIt() throws Exception {
        Path real = null;
        java.util.Optional<Path> cpu = LlamaPackages.installed(LlamaPackages.Package.CPU);
        if (cpu.isPresent()) {
            try (var files = Files.list(cpu.get())) {
                real = files.filter(f -> f.getFileName().toString().matches("libllama(\\..*)?\\.so")).findFirst()
                        .orElse(null);
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(real != null, "the llama.cpp cpu build is not installed");
        Path cut = Files.createDirectories(dir.resolve("truncated"));
        byte[] head = Arrays.copyOf(Files.readAllBytes(real), 100_000);
        Files.write(cut.resolve("libllama.so"), head);
        Path out = dir.resolve("refused-truncated");
        ChildCli r = captureWith(out, List.of(), "--llama-lib", cut.toString());
        // Not a crash of the dynamic linker (exit 139): refused by name.
        assertRefused(r, out, "llama.cpp library " + cut.resolve("libllama.so") + " is cut short (100000 bytes");
    }

    @Test
    void gpuLayersWithoutAGpuBuildNamesTheInstallCommand() throws Exception {
        // An empty llama.cpp cache: no GPU build installed, whatever this machine has.
        Path cache = Files.createDirectories(dir.resolve("empty-cache"));
        Path out = dir.resolve("refused-gpu");
        ChildCli r = captureWith(out, List.of("babelscope.llama.cache=" + cache), "--gpu-layers", "5");
        assertRefused(r, out, "--gpu-layers 5 needs a GPU build of llama.cpp, and none is installed",
                "'babelscope runtime install cuda'");
    }

    @Test
    void anUnknownRuntimeIsRefused() {
        Path out = dir.resolve("refused-bogus");
        CliRunner r = CliRunner.run("capture", "--model", model.toString(), "--corpus", "builtin", "--limit", "2",
                "--llama-runtime", "bogus", "--out", out.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--llama-runtime must be auto, cpu, vulkan, cuda or java-llama, not 'bogus'"), r.toString());
        assertFalse(Files.exists(out), r.toString());
    }

    @Test
    void backendsListsTheCpuBuildOfV050AndJavaLlamaOfB4916() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LlamaPackages.installed(LlamaPackages.Package.CPU).isPresent(),
                "the llama.cpp cpu build is not installed");
        CliRunner r = CliRunner.run("backends", "--json");
        assertEquals(0, r.exitCode, r.toString());
        JsonNode builds = JSON.readTree(r.out).at("/llama/builds");
        JsonNode cpu = find(builds, "cpu");
        assertTrue(cpu.get("available").asBoolean(), cpu.toString());
        assertEquals("v0.5.0", cpu.get("release").asText());
        List<String> types = new ArrayList<>();
        cpu.get("devices").forEach(d -> types.add(d.get("type").asText()));
        assertTrue(types.contains("cpu"), cpu.toString());
        JsonNode jl = find(builds, "java-llama");
        assertTrue(jl.get("available").asBoolean(), jl.toString());
        assertEquals("b4916", jl.get("release").asText());
        assertEquals("cpu", JSON.readTree(r.out).at("/llama/auto").asText());
    }

    private static JsonNode find(JsonNode builds, String name) {
        for (JsonNode b : builds) {
            if (b.get("name").asText().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no build " + name + " in " + builds);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
