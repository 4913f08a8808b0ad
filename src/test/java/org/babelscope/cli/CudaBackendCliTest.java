package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.babelscope.compute.Backends;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.metrics.TestViews;
import org.babelscope.store.Dtype;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the command line chooses the backend on a machine without a usable CUDA device: an explicit
 * {@code --backend cuda} is an error that names the reason, {@code auto} falls back to the CPU and
 * says why, and {@code --precision tf32} is refused with an explicit CPU backend. Skipped where a
 * device is present (there, {@code CudaKernelsTest} runs instead).
 */
class CudaBackendCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Integer> LAYERS = List.of(2, 3);
    private static final int N = 41;
    private static final int D = 16;

    @TempDir
    Path tmp;

    private String reason;

    @BeforeEach
    void requireNoDevice() {
        Optional<String> why = Backends.cudaUnavailableReason();
        assumeTrue(why.isPresent(), "a CUDA device is usable here; these tests cover its absence");
        reason = why.get();
        assertFalse(reason.isBlank(), "the reason must say something");
    }

    /** A two-language store of parallel random views, as in AlignCommandTest. */
    private Path writeStore() throws IOException {
        Path dir = tmp.resolve("store");
        Random rnd = new Random(5);
        String[] langs = {"eng", "fra"};
        double[][][][] data = new double[langs.length][LAYERS.size()][][];
        for (int slot = 0; slot < LAYERS.size(); slot++) {
            double noise = 0.6 + 0.5 * slot;
            double[][] pivot = TestViews.parallel(rnd, N, D, noise)[0];
            data[0][slot] = pivot;
            data[1][slot] = TestViews.partnerOf(rnd, pivot, noise);
        }
        StoreWriter w = StoreWriter.create(dir, Manifest.create(LAYERS).withDtype(Dtype.F32));
        for (int v = 0; v < langs.length; v++) {
            double[][][] view = data[v];
            w.writeView(langs[v], N, D, slot -> FloatMatrix.of(view[slot]));
        }
        return dir;
    }

    private static CliRunner align(Path store, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("align", "--store", store.toString(), "--pivot", "eng",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static void assertBadInput(CliRunner r, Path out) {
        assertEquals(2, r.exitCode, r.toString());
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
        assertFalse(r.err.toLowerCase(Locale.ROOT).contains("unknown option"), "the option must exist: " + r);
        if (out != null) {
            assertFalse(Files.exists(out), "no output file: " + r);
        }
    }

    @Test
    void explicitCudaExitsTwoNamingTheReasonAndWritesNothing() throws IOException {
        Path store = writeStore();
        Path out = tmp.resolve("never.json");
        CliRunner r = align(store, out, "--backend", "cuda");
        assertBadInput(r, out);
        assertTrue(r.err.toLowerCase(Locale.ROOT).contains("cuda"), "the message names the backend: " + r.err);
        assertTrue(r.err.contains(reason), "the message names the reason '" + reason + "': " + r.err);
        assertFalse(r.err.contains("backend cpu ("), "no quiet fallback to the CPU: " + r.err);
        assertFalse(r.err.contains("wrote "), r.err);
        assertTrue(r.out.isEmpty(), "nothing on stdout: " + r.out);
    }

    @Test
    void explicitCudaWithTf32IsRefusedTheSameWay() throws IOException {
        Path store = writeStore();
        Path out = tmp.resolve("never.json");
        CliRunner r = align(store, out, "--backend", "cuda", "--precision", "tf32");
        assertBadInput(r, out);
        assertTrue(r.err.contains(reason), "the message names the reason '" + reason + "': " + r.err);
    }

    @Test
    void autoFallsBackToTheCpuSaysWhyAndMatchesAnExplicitCpuRun() throws IOException {
        Path store = writeStore();
        Path out = tmp.resolve("auto.json");
        CliRunner r = align(store, out, "--backend", "auto");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.err.contains("backend cpu (auto:"), "the log says it fell back to the CPU: " + r.err);
        assertTrue(r.err.contains("backend cpu (auto: " + reason), "and why: " + r.err);
        assertFalse(r.err.contains("tf32"), "no precision note without --precision tf32: " + r.err);
        assertTrue(Files.exists(out), r.toString());
        JsonNode auto = JSON.readTree(out.toFile());
        assertEquals("cpu", auto.at("/inputs/backend").asText(), auto.toString());

        Path cpuOut = tmp.resolve("cpu.json");
        CliRunner c = align(store, cpuOut, "--backend", "cpu");
        assertEquals(0, c.exitCode, c.toString());
        assertTrue(c.err.contains("backend cpu (requested)"), c.err);
        assertEquals(JSON.readTree(cpuOut.toFile()).get("metrics"), auto.get("metrics"), "same results either way");

        // auto is the default
        Path defaultOut = tmp.resolve("default.json");
        CliRunner d = align(store, defaultOut);
        assertEquals(0, d.exitCode, d.toString());
        assertTrue(d.err.contains("backend cpu (auto: " + reason), d.err);
    }

    @Test
    void autoWithTf32FallsBackAndNotesThatTf32DoesNotApply() throws IOException {
        Path store = writeStore();
        Path out = tmp.resolve("auto-tf32.json");
        CliRunner r = align(store, out, "--backend", "auto", "--precision", "tf32");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.err.contains("backend cpu (auto: " + reason), r.err);
        assertTrue(r.err.contains("tf32"), "the log notes that tf32 does not apply: " + r.err);
        assertTrue(Files.exists(out), r.toString());
        // results.json records what computed: the CPU, in fp32 (not the tf32 that was asked for).
        JsonNode inputs = new ObjectMapper().readTree(out.toFile()).path("inputs");
        assertEquals("cpu", inputs.path("backend").asText());
        assertEquals("fp32", inputs.path("precision").asText());
    }

    @Test
    void tf32WithAnExplicitCpuBackendExitsTwo() throws IOException {
        Path store = writeStore();
        Path out = tmp.resolve("never.json");
        CliRunner r = align(store, out, "--precision", "tf32", "--backend", "cpu");
        assertBadInput(r, out);
        assertTrue(r.err.contains("tf32"), "the message mentions tf32: " + r.err);
        // fp32 on the CPU is fine
        CliRunner ok = align(store, out, "--precision", "fp32", "--backend", "cpu");
        assertEquals(0, ok.exitCode, ok.toString());
        assertTrue(Files.exists(out));
    }

    @Test
    void unknownPrecisionExitsTwo() throws IOException {
        Path store = writeStore();
        Path out = tmp.resolve("never.json");
        CliRunner r = align(store, out, "--precision", "fp8", "--backend", "cpu");
        assertBadInput(r, out);
        assertTrue(r.err.contains("fp8"), "the message names the bad value: " + r.err);
    }

    @Test
    void unknownBackendExitsTwo() throws IOException {
        Path store = writeStore();
        Path out = tmp.resolve("never.json");
        CliRunner r = align(store, out, "--backend", "nonsense");
        assertBadInput(r, out);
        assertTrue(r.err.contains("nonsense"), "the message names the bad value: " + r.err);
        assertTrue(r.err.contains("unknown backend"), r.err);
    }

    /** The backend options are shared: bench kernels refuses cuda and cpu+tf32 the same way, before any work. */
    @Test
    void benchKernelsRefusesCudaAndTf32OnTheCpu() {
        CliRunner cuda = CliRunner.run("bench", "kernels", "--n", "2", "--d", "1", "--repetitions", "1",
                "--backend", "cuda");
        assertBadInput(cuda, null);
        assertTrue(cuda.err.contains(reason), "the message names the reason '" + reason + "': " + cuda.err);
        assertTrue(cuda.out.isEmpty(), "no table: " + cuda.out);
        CliRunner tf32 = CliRunner.run("bench", "kernels", "--n", "2", "--d", "1", "--repetitions", "1",
                "--backend", "cpu", "--precision", "tf32");
        assertBadInput(tf32, null);
        assertTrue(tf32.err.contains("tf32"), tf32.err);
    }

    @Test
    void backendsSaysCudaIsUnavailableWithTheReasonAndAutoTakesTheCpu() throws IOException {
        CliRunner text = CliRunner.run("backends");
        assertEquals(0, text.exitCode, text.toString());
        assertTrue(text.out.contains("cpu   available: cpu (OpenMP"), text.out);
        assertTrue(text.out.contains("cuda  unavailable: " + reason), text.out);
        assertTrue(text.out.contains("--backend auto takes cpu"), text.out);

        CliRunner json = CliRunner.run("backends", "--json");
        assertEquals(0, json.exitCode, json.toString());
        JsonNode root = JSON.readTree(json.out);
        assertTrue(root.path("cpu").path("available").asBoolean());
        assertFalse(root.path("cuda").path("available").asBoolean());
        assertEquals(reason, root.path("cuda").path("reason").asText());
        assertEquals("cpu", root.path("auto").asText());
    }
}
