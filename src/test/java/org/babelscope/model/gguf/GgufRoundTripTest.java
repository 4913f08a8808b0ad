package org.babelscope.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.babelscope.BadInputException;
import org.babelscope.model.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {
    @TempDir
    Path tmp;

    /** One value of every scalar type and arrays of every element type, extremes included. */
    private static Map<String, GgufValue> everyType() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("t.u8", GgufValue.integer(GgufType.UINT8, 200));
        m.put("t.i8", GgufValue.integer(GgufType.INT8, -100));
        m.put("t.u16", GgufValue.integer(GgufType.UINT16, 60000));
        m.put("t.i16", GgufValue.integer(GgufType.INT16, -30000));
        m.put("t.u32", GgufValue.u32(4_000_000_000L));
        m.put("t.i32", GgufValue.i32(-2_000_000_000));
        m.put("t.u64", GgufValue.u64(-1L)); // 2^64 - 1
        m.put("t.i64", GgufValue.i64(Long.MIN_VALUE));
        m.put("t.f32", GgufValue.f32(1.5f));
        m.put("t.f64", GgufValue.f64(Math.PI));
        m.put("t.bool", GgufValue.bool(true));
        m.put("t.string", GgufValue.string("h\u00e9llo \u2581 \u4f60\u597d"));
        m.put("t.empty_string", GgufValue.string(""));
        m.put("a.u8", GgufValue.integerArray(GgufType.UINT8, 0, 255));
        m.put("a.i16", GgufValue.integerArray(GgufType.INT16, -32768, 32767));
        m.put("a.u32", GgufValue.integerArray(GgufType.UINT32, 0, 4_294_967_295L));
        m.put("a.i32", GgufValue.i32Array(-7, 0, 7));
        m.put("a.u64", GgufValue.integerArray(GgufType.UINT64, 1, -1));
        m.put("a.i64", GgufValue.integerArray(GgufType.INT64, Long.MAX_VALUE));
        m.put("a.f32", GgufValue.f32Array(0.25f, -1e-30f, 3e38f));
        m.put("a.f64", GgufValue.f64Array(1e-300, -2.5));
        m.put("a.bool", GgufValue.boolArray(true, false, true));
        m.put("a.string", GgufValue.stringArray("<unk>", "", "\u2581the"));
        m.put("a.empty", GgufValue.f32Array());
        return m;
    }

    @Test
    void metadataOfEveryTypeRoundTrips() throws IOException {
        GgufWriter w = new GgufWriter();
        everyType().forEach(w::put);
        Path file = tmp.resolve("meta.gguf");
        w.write(file);

        GgufFile g = GgufFile.open(file);
        assertEquals(3, g.version());
        assertEquals(everyType(), g.metadata());
        assertEquals(List.copyOf(everyType().keySet()), List.copyOf(g.metadata().keySet()), "file order is kept");
        assertTrue(g.tensors().isEmpty());
        // typed getters
        assertEquals(4_000_000_000L, g.u32("t.u32"));
        assertEquals(200, g.int32("t.u8"));
        assertEquals(-2_000_000_000, g.int32("t.i32"));
        assertEquals(1.5f, g.float32("t.f32"));
        assertTrue(g.bool("t.bool"));
        assertEquals("h\u00e9llo \u2581 \u4f60\u597d", g.string("t.string"));
        assertArrayEquals(new int[] {-7, 0, 7}, g.int32Array("a.i32"));
        assertArrayEquals(new float[] {0.25f, -1e-30f, 3e38f}, g.float32Array("a.f32"));
        assertArrayEquals(new String[] {"<unk>", "", "\u2581the"}, g.stringArray("a.string"));
        assertEquals(Math.PI, g.value("t.f64").asDouble());
        assertTrue(g.optionalString("no.such.key").isEmpty());
        assertTrue(g.optionalInt32("no.such.key").isEmpty());
        assertEquals(-30000, g.optionalInt32("t.i16").getAsInt());
    }

    @Test
    void gettersNameTheFileAndKeyWhenTypeOrRangeIsWrong() throws IOException {
        GgufWriter w = new GgufWriter();
        everyType().forEach(w::put);
        Path file = tmp.resolve("meta.gguf");
        w.write(file);
        GgufFile g = GgufFile.open(file);

        String missing = assertThrows(BadInputException.class, () -> g.string("general.name")).getMessage();
        assertTrue(missing.contains(file.toString()) && missing.contains("'general.name' is missing"), missing);
        String wrongType = assertThrows(BadInputException.class, () -> g.u32("t.i32")).getMessage();
        assertTrue(wrongType.contains("'t.i32' is i32, expected u32"), wrongType);
        String range = assertThrows(BadInputException.class, () -> g.int32("t.u32")).getMessage();
        assertTrue(range.contains("4000000000") && range.contains("out of the range"), range);
        String u64 = assertThrows(BadInputException.class, () -> g.int32("t.u64")).getMessage();
        assertTrue(u64.contains("18446744073709551615"), u64);
        String arrayRange = assertThrows(BadInputException.class, () -> g.int32Array("a.u32")).getMessage();
        assertTrue(arrayRange.contains("4294967295 at index 1"), arrayRange);
        String notArray = assertThrows(BadInputException.class, () -> g.stringArray("t.string")).getMessage();
        assertTrue(notArray.contains("is string, expected an array of string"), notArray);
        String noTensor = assertThrows(BadInputException.class, () -> g.tensor("output.weight")).getMessage();
        assertTrue(noTensor.contains("has no tensor 'output.weight'"), noTensor);
    }

    @Test
    void f32TensorsRoundTripExactlyInEveryShape() throws IOException {
        float[] a = random(1, 6 * 5 * 4 * 3, 3.0);
        float[] b = random(2, 7, 100.0);
        Path file = tmp.resolve("f32.gguf");
        new GgufWriter()
                .addTensor("four.d", GgmlType.F32, a, 6, 5, 4, 3)
                .addTensor("odd", GgmlType.F32, b, 7)
                .write(file);
        GgufFile g = GgufFile.open(file);
        TensorInfo four = g.tensor("four.d");
        assertArrayEquals(new long[] {6, 5, 4, 3}, four.dims());
        assertEquals(GgmlType.F32, four.type());
        assertEquals(360, four.elements());
        assertEquals(1440, four.byteSize());
        assertEquals(0, four.offset());
        assertEquals(1440, g.tensor("odd").offset(), "1440 is already a multiple of 32");
        assertArrayEquals(a, g.floats("four.d"));
        assertArrayEquals(b, g.floats("odd"));
        assertEquals(0, g.dataStart() % 32);
        assertEquals(g.dataStart() + 1440 + 28 + 4, g.fileSize(), "the last tensor is padded to 32 bytes too");
    }

    @Test
    void f16KeepsHalfPrecision() throws IOException {
        // Hand-worked: the nearest halves of 0.1 and 1/3 are 1638 * 2^-14 and 1365 * 2^-12.
        float[] known = {1f, -2.5f, 0.1f, 1f / 3f, 65504f, 0x1p-14f};
        float[] expected = {1f, -2.5f, 0.0999755859375f, 0.333251953125f, 65504f, 0x1p-14f};
        float[] rnd = random(3, 4096, 10.0);
        Path file = tmp.resolve("f16.gguf");
        new GgufWriter().addTensor("known", GgmlType.F16, known, 6).addTensor("random", GgmlType.F16, rnd, 64, 64)
                .write(file);
        GgufFile g = GgufFile.open(file);
        assertEquals(12, g.tensor("known").byteSize());
        assertArrayEquals(expected, g.floats("known"));
        float[] back = g.floats("random");
        for (int i = 0; i < rnd.length; i++) {
            // Rounding to nearest with an 11-bit significand: relative error at most 2^-11.
            assertTrue(Math.abs(back[i] - rnd[i]) <= Math.abs(rnd[i]) * 0x1p-11 + 0x1p-25, "index " + i);
        }
    }

    @Test
    void bf16RoundsToNearestEven() throws IOException {
        // pi = 0x40490FDB: the dropped half 0x0FDB is below 0x8000, so 0x4049 = 3.140625.
        // 1 + 2^-8 = 0x3F808000 is a tie and stays at the even 0x3F80 = 1;
        // 1 + 3 * 2^-8 = 0x3F818000 is a tie and goes up to the even 0x3F82 = 1.015625.
        float[] values = {(float) Math.PI, 1f + 0x1p-8f, 1f + 3 * 0x1p-8f, -2f};
        Path file = tmp.resolve("bf16.gguf");
        new GgufWriter().addTensor("b", GgmlType.BF16, values, 4).write(file);
        assertArrayEquals(new float[] {3.140625f, 1f, 1.015625f, -2f}, GgufFile.open(file).floats("b"));
    }

    @Test
    void q8BlockWorkedByHand() throws IOException {
        float[] x = random(4, 32, 1.0); // |x| < 12.7 after scaling below, except the chosen ones
        for (int i = 0; i < 32; i++) {
            x[i] = x[i] * 0.5f;
        }
        x[0] = 12.7f;
        x[1] = 0.35f;
        x[2] = -0.35f;
        x[3] = 0.05f;
        x[4] = -6.35f;
        x[5] = 0f;
        Path file = tmp.resolve("q8.gguf");
        new GgufWriter().addTensor("q", GgmlType.Q8_0, x, 32).write(file);
        GgufFile g = GgufFile.open(file);
        assertEquals(34, g.tensor("q").byteSize());

        // d = 12.7 / 127 = 0.1, stored as the half 0x2E66 = 1638 * 2^-14 = 0.0999755859375.
        ByteBuffer raw = rawBytes(g, "q");
        assertEquals(0x2E66, raw.getShort(0) & 0xFFFF);
        double d = 0.0999755859375;
        // q = round(x / d): 127.03 -> 127, 3.5009 -> 4, -4, 0.50012 -> 1, -63.516 -> -64, 0.
        int[] q = {127, 4, -4, 1, -64, 0};
        for (int j = 0; j < q.length; j++) {
            assertEquals(q[j], raw.get(2 + j), "q[" + j + "]");
        }
        float[] back = g.floats("q");
        assertEquals(12.6968994140625f, back[0]);
        assertEquals(0.39990234375f, back[1]); // 0.0499 from 0.35: just under d/2 = 0.049988
        assertEquals(-0.39990234375f, back[2]);
        assertEquals(0.0999755859375f, back[3]);
        assertEquals(-6.3984375f, back[4]);
        assertEquals(0f, back[5]);
        for (int j = 0; j < 32; j++) {
            assertTrue(Math.abs(back[j] - x[j]) <= d / 2, "element " + j);
        }
    }

    @Test
    void q8ErrorIsAtMostHalfTheBlockScale() throws IOException {
        int rows = 8;
        int cols = 96; // three blocks per row
        float[] x = random(5, rows * cols, 2.0);
        x[40] = 0f; // blocks of mixed magnitudes: one with a zero, one scaled way down
        for (int i = 64; i < 96; i++) {
            x[i] *= 1e-3f;
        }
        Path file = tmp.resolve("q8.gguf");
        new GgufWriter().addTensor("w", GgmlType.Q8_0, x, cols, rows).write(file);
        GgufFile g = GgufFile.open(file);
        assertEquals((long) rows * cols / 32 * 34, g.tensor("w").byteSize());
        ByteBuffer raw = rawBytes(g, "w");
        float[] back = g.floats("w");
        for (int b = 0; b < rows * cols / 32; b++) {
            float d = org.babelscope.store.Half.toFloat(raw.getShort(b * 34));
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[b * 32 + j]));
            }
            assertEquals(amax / 127, d, amax / 127 * 0x1p-10, "block " + b + " scale");
            for (int j = 0; j < 32; j++) {
                int i = b * 32 + j;
                assertTrue(Math.abs(back[i] - x[i]) <= d / 2, "element " + i);
            }
        }
    }

    @Test
    void honoursAnotherAlignment() throws IOException {
        Path file = tmp.resolve("a64.gguf");
        new GgufWriter()
                .put("general.alignment", GgufValue.u32(64))
                .addTensor("a", GgmlType.F32, random(6, 5, 1.0), 5)
                .addTensor("b", GgmlType.F16, random(7, 3, 1.0), 3)
                .write(file);
        GgufFile g = GgufFile.open(file);
        assertEquals(64, g.alignment());
        assertEquals(0, g.dataStart() % 64);
        assertEquals(64, g.tensor("b").offset());
    }

    @Test
    void writerRejectsWhatLlamaCppCouldNotLoad() {
        GgufWriter w = new GgufWriter();
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x".repeat(64), GgmlType.F32, new float[1], 1));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("n", GgmlType.F32, new float[5], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("q", GgmlType.Q8_0, new float[48], 48));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("nan", GgmlType.F32, new float[] {Float.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("big", GgmlType.F16, new float[] {7e4f}, 1));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("q4", GgmlType.Q4_K, new float[256], 256));
        assertThrows(IllegalArgumentException.class, () -> w.put("general.alignment", GgufValue.u32(48)));
        assertThrows(IllegalArgumentException.class, () -> w.put("general.alignment", GgufValue.i32(64)));
        w.put("k", GgufValue.bool(true));
        assertThrows(IllegalArgumentException.class, () -> w.put("k", GgufValue.bool(false)));
        w.addTensor("t", GgmlType.F32, new float[1], 1);
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("t", GgmlType.F32, new float[1], 1));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.integer(GgufType.UINT8, 256));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.u32(-1));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("sub/dir/m.gguf");
        new GgufWriter().put("v", GgufValue.u32(1)).write(file);
        new GgufWriter().put("v", GgufValue.u32(2)).write(file);
        assertEquals(2, GgufFile.open(file).u32("v"));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void ggmlBlockSizesAreGgmls() {
        // Bytes per block from ggml-common.h, worked out from the block structs.
        assertEquals(68, GgmlType.Q8_0.byteSize(64)); // 2 x (2 + 32)
        assertEquals(18, GgmlType.Q4_0.byteSize(32)); // 2 + 16
        assertEquals(144, GgmlType.Q4_K.byteSize(256)); // 2 + 2 + 12 + 128
        assertEquals(210, GgmlType.Q6_K.byteSize(256)); // 128 + 64 + 16 + 2
        assertEquals(292, GgmlType.Q8_K.byteSize(256)); // 4 + 256 + 32
        assertEquals(54, GgmlType.TQ1_0.byteSize(256)); // 48 + 4 + 2
        assertEquals(6, GgmlType.BF16.byteSize(3));
        assertEquals(24, GgmlType.F64.byteSize(3));
        assertThrows(IllegalArgumentException.class, () -> GgmlType.Q8_0.byteSize(33));
        assertEquals(GgmlType.IQ1_M, GgmlType.byId(29).orElseThrow());
        assertTrue(GgmlType.byId(31).isEmpty());
        assertTrue(GgmlType.describeId(31).contains("Q4_0_4_4"));
        for (GgmlType t : GgmlType.values()) {
            assertEquals(t, GgmlType.byId(t.id()).orElseThrow());
        }
    }

    @Test
    void readsStories260K() throws IOException {
        Path file = TestModels.stories260K();
        GgufFile g = GgufFile.open(file);
        assertEquals(3, g.version());
        assertEquals(48, g.tensors().size());
        assertEquals(14176, g.dataStart(), "the header ends at byte 14152, padded to 32");
        assertEquals("llama", g.string("general.architecture"));
        assertEquals(64, g.u32("llama.embedding_length"));
        assertEquals(4, g.u32("llama.attention.head_count_kv"));
        assertEquals(512, g.stringArray("tokenizer.ggml.tokens").length);
        TensorInfo embd = g.tensor("token_embd.weight");
        assertArrayEquals(new long[] {64, 512}, embd.dims());
        assertEquals(GgmlType.F32, embd.type());
        TensorInfo last = g.tensors().get(47);
        assertEquals("blk.4.ffn_norm.weight", last.name());
        assertEquals(g.fileSize(), g.dataStart() + last.offset() + last.byteSize());
        float[] norm = g.floats("output_norm.weight");
        assertEquals(64, norm.length);
        for (float v : norm) {
            assertTrue(Float.isFinite(v) && v != 0f);
        }
    }

    @Test
    void readsTheLlamaSpmVocabulary() throws IOException {
        GgufFile g = GgufFile.open(TestModels.llamaSpmVocab());
        assertTrue(g.tensors().isEmpty());
        String[] tokens = g.stringArray("tokenizer.ggml.tokens");
        assertEquals(32000, tokens.length);
        assertEquals("<0x00>", tokens[3]);
        assertEquals(32000, g.float32Array("tokenizer.ggml.scores").length);
        assertEquals(6, g.int32Array("tokenizer.ggml.token_type")[3]);
        assertTrue(g.bool("tokenizer.ggml.add_bos_token"));
        assertFalse(g.bool("tokenizer.ggml.add_eos_token"));
    }

    private static ByteBuffer rawBytes(GgufFile g, String tensor) throws IOException {
        TensorInfo t = g.tensor(tensor);
        byte[] all = Files.readAllBytes(g.path());
        return ByteBuffer.wrap(all, (int) (g.dataStart() + t.offset()), (int) t.byteSize()).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Values from N(0, sigma²), never all zero. */
    static float[] random(long seed, int n, double sigma) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * sigma);
        }
        a[0] = a[0] == 0f ? 1f : a[0];
        return a;
    }
}
