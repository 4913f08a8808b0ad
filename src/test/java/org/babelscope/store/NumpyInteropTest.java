package org.babelscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.babelscope.compute.FloatMatrix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores exchanged with real NumPy, in both directions; skipped where python3 has no numpy. */
class NumpyInteropTest {
    @TempDir
    Path dir;

    private static boolean numpyAvailable;

    @BeforeAll
    static void findNumpy() {
        try {
            numpyAvailable = python("import numpy").exitCode == 0;
        } catch (IOException | InterruptedException e) {
            numpyAvailable = false;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        // Output goes to a file: a pipe would fill up and stall python while we wait for it.
        Path output = Files.createTempFile("numpy-interop", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 timed out");
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Writes the store a Python user would make by hand: numpy.save files and a manifest with only
     * the required keys; every value is also written as text, with repr (exact for float32/16).
     */
    private static final String WRITE_STORE = """
            import json, sys, numpy as np
            d = sys.argv[1]
            rng = np.random.default_rng(1234)
            eng = rng.standard_normal((3, 5, 7)).astype(np.float32)
            fra = (rng.standard_normal((3, 5, 7)) * 100).astype(np.float16)
            np.save(d + "/eng_Latn.npy", eng)
            np.save(d + "/fra_Latn.opt2.npy", fra)
            for name, a in (("eng_Latn", eng), ("fra_Latn.opt2", fra)):
                with open(d + "/" + name + ".txt", "w") as f:
                    f.write("\\n".join(repr(float(v)) for v in a.ravel()))
            json.dump({"format": "babelscope-store/1", "layers": [4, 5, 6],
                       "views": {"eng_Latn": {"file": "eng_Latn.npy", "shape": [3, 5, 7]},
                                 "fra_Latn.opt2": {"file": "fra_Latn.opt2.npy", "shape": [3, 5, 7]}}},
                      open(d + "/manifest.json", "w"))
            """;

    @Test
    void readsAStoreMadeWithNumpy() throws Exception {
        Assumptions.assumeTrue(numpyAvailable, "python3 with numpy is not available");
        Result r = python(WRITE_STORE, dir.toString());
        assertEquals(0, r.exitCode, r.output);
        try (EmbeddingStore store = EmbeddingStore.open(dir)) {
            assertEquals(List.of(4, 5, 6), store.layers());
            assertEquals(List.of("eng_Latn", "fra_Latn.opt2"), store.viewNames());
            assertEquals(Dtype.F32, store.view("eng_Latn").dtype());
            assertEquals(Dtype.F16, store.view("fra_Latn.opt2").dtype());
            for (String name : store.viewNames()) {
                List<String> expected = Files.readAllLines(dir.resolve(name + ".txt"));
                assertEquals(3 * 5 * 7, expected.size());
                int k = 0;
                boolean anyNonZero = false;
                for (int slot = 0; slot < 3; slot++) {
                    FloatMatrix m = store.view(name).layer(slot);
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < 7; j++) {
                            float want = (float) Double.parseDouble(expected.get(k++));
                            assertEquals(want, m.get(i, j), 0f, name + " [" + slot + ", " + i + ", " + j + "]");
                            anyNonZero |= want != 0;
                        }
                    }
                }
                assertTrue(anyNonZero);
            }
        }
    }

    /**
     * numpy loads what StoreWriter wrote, finds the values, and re-saving the loaded arrays with
     * numpy.save gives a byte-identical file: our header is exactly numpy's.
     */
    private static final String CHECK_STORE = """
            import io, json, sys, numpy as np
            d = sys.argv[1]
            m = json.load(open(d + "/manifest.json"))
            for name, v in m["views"].items():
                path = d + "/" + v["file"]
                a = np.load(path, mmap_mode="r")
                assert list(a.shape) == v["shape"], (a.shape, v["shape"])
                expected = np.loadtxt(d + "/" + name + ".expected", dtype=np.float64).reshape(a.shape)
                assert np.array_equal(np.asarray(a, dtype=np.float64), expected), name
                buf = io.BytesIO()
                np.save(buf, np.ascontiguousarray(a))
                assert buf.getvalue() == open(path, "rb").read(), name + ": bytes differ from numpy.save"
                print(name, a.dtype)
            """;

    @Test
    void numpyReadsWhatWeWrite() throws Exception {
        Assumptions.assumeTrue(numpyAvailable, "python3 with numpy is not available");
        float[][][] eng = TestFiles.randomData(40, 3, 5, 7);
        float[][][] fra = TestFiles.randomData(41, 3, 5, 7);
        StoreWriter f32 = StoreWriter.create(dir.resolve("f32"), Manifest.create(List.of(0, 1, 2)));
        f32.writeView("eng_Latn", 5, 7, slot -> FloatMatrix.of(eng[slot]));
        f32.writeView("fra_Latn", 5, 7, slot -> FloatMatrix.of(fra[slot]));
        StoreWriter f16 = StoreWriter.create(dir.resolve("f16"), Manifest.create(List.of(0, 1, 2)).withDtype(Dtype.F16));
        f16.writeView("eng_Latn", 5, 7, slot -> FloatMatrix.of(eng[slot]));
        writeExpected(dir.resolve("f32/eng_Latn.expected"), TestFiles.flatten(eng), false);
        writeExpected(dir.resolve("f32/fra_Latn.expected"), TestFiles.flatten(fra), false);
        writeExpected(dir.resolve("f16/eng_Latn.expected"), TestFiles.flatten(eng), true);

        Result r32 = python(CHECK_STORE, dir.resolve("f32").toString());
        assertEquals(0, r32.exitCode, r32.output);
        assertTrue(r32.output.contains("eng_Latn float32") && r32.output.contains("fra_Latn float32"), r32.output);
        Result r16 = python(CHECK_STORE, dir.resolve("f16").toString());
        assertEquals(0, r16.exitCode, r16.output);
        assertTrue(r16.output.contains("eng_Latn float16"), r16.output);
    }

    /** Values as exact decimal text (Java's double repr round-trips), halved to float16 first if asked. */
    private static void writeExpected(Path file, float[] values, boolean half) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (float v : values) {
            float w = half ? Half.toFloat(Half.fromFloat(v)) : v;
            sb.append((double) w).append('\n');
        }
        Files.writeString(file, sb);
    }

    /**
     * numpy's own header writer, for many shapes whose lengths straddle the 64-byte padding
     * boundaries (where numpy's growth-room rule decides between 128 and 192 bytes).
     */
    @Test
    void headersMatchNumpyAcrossPaddingBoundaries() throws Exception {
        Assumptions.assumeTrue(numpyAvailable, "python3 with numpy is not available");
        java.util.Random rnd = new java.util.Random(99);
        List<long[]> shapes = new java.util.ArrayList<>();
        for (int k = 0; k < 300; k++) {
            long[] shape = new long[1 + rnd.nextInt(5)];
            for (int a = 0; a < shape.length; a++) {
                shape[a] = (long) Math.floor(Math.pow(10, rnd.nextDouble() * 18));
            }
            shapes.add(shape);
        }
        StringBuilder arg = new StringBuilder();
        for (long[] shape : shapes) {
            arg.append(java.util.Arrays.toString(shape).replaceAll("[\\[\\] ]", "")).append(';');
        }
        String script = """
                import io, sys, numpy as np
                for dt in ("<f4", "<f2"):
                    for item in sys.argv[1].rstrip(";").split(";"):
                        shape = tuple(int(x) for x in item.split(","))
                        b = io.BytesIO()
                        np.lib.format.write_array_header_1_0(b, {"descr": dt, "fortran_order": False, "shape": shape})
                        print(b.getvalue().hex())
                """;
        Result r = python(script, arg.toString());
        assertEquals(0, r.exitCode, r.output);
        List<String> lines = r.output.lines().toList();
        assertEquals(2 * shapes.size(), lines.size(), r.output);
        int k = 0;
        boolean saw192 = false;
        for (Dtype dtype : new Dtype[] {Dtype.F32, Dtype.F16}) {
            for (long[] shape : shapes) {
                byte[] ours = Npy.headerBytes(dtype, shape);
                saw192 |= ours.length == 192;
                assertEquals(lines.get(k++), java.util.HexFormat.of().formatHex(ours),
                        dtype + " " + java.util.Arrays.toString(shape));
            }
        }
        assertTrue(saw192, "the shapes should include some whose header spills into a third 64-byte block");
    }
}
