package org.babelscope.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path tmp;

    /** What numpy 2.x writes for np.save(f, np.zeros((2, 3, 4), dtype)), typed out by hand. */
    private static byte[] expectedHeader(String descr) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2, 3, 4), }";
        // 62 characters of dict, 55 spaces, a newline: 118 = 0x76 bytes, 128 with the prefix.
        String text = "\u0093NUMPY\u0001\u0000\u0076\u0000" + dict + " ".repeat(55) + "\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void headerBytesMatchNumpyF32() {
        byte[] header = Npy.headerBytes(Dtype.F32, 2, 3, 4);
        assertArrayEquals(expectedHeader("<f4"), header);
        assertEquals(128, header.length);
    }

    @Test
    void headerBytesMatchNumpyF16() {
        assertArrayEquals(expectedHeader("<f2"), Npy.headerBytes(Dtype.F16, 2, 3, 4));
    }

    @Test
    void headersAlignTo64ForManyShapes() {
        long[][] shapes = {{3}, {1, 1, 1}, {33, 100000, 4096}, {1234567890123L, 2, 3}, {}};
        for (long[] shape : shapes) {
            byte[] h = Npy.headerBytes(Dtype.F32, shape);
            assertEquals(0, h.length % 64, Arrays.toString(shape));
            assertEquals('\n', h[h.length - 1]);
            assertEquals(h.length - 10, (h[8] & 0xFF) | (h[9] & 0xFF) << 8);
        }
        String oneAxis = new String(Npy.headerBytes(Dtype.F32, 3), StandardCharsets.ISO_8859_1);
        assertTrue(oneAxis.contains("'shape': (3,), }"), oneAxis);
    }

    @Test
    void roundTripF32IsExact() throws IOException {
        float[][][] data = TestFiles.randomData(1, 3, 5, 7);
        data[1][2][3] = Float.MIN_VALUE;
        data[2][4][6] = -Float.MAX_VALUE;
        Path file = tmp.resolve("a.npy");
        StoreWriter.writeNpy(file, Dtype.F32, data);
        try (NpyArray a = NpyArray.open(file)) {
            assertArrayEquals(new long[] {3, 5, 7}, a.shape());
            assertEquals(Dtype.F32, a.dtype());
            assertEquals(128 + 3 * 5 * 7 * 4, Files.size(file));
            for (int l = 0; l < 3; l++) {
                FloatMatrix m = a.slice(l);
                assertEquals(5, m.rows());
                assertEquals(7, m.cols());
                for (int i = 0; i < 5; i++) {
                    assertArrayEquals(data[l][i], m.row(i), "layer " + l + " row " + i);
                }
            }
        }
    }

    @Test
    void roundTripF16EqualsHalfConversion() throws IOException {
        float[][][] data = TestFiles.randomData(2, 4, 6, 9);
        data[0][1][1] = 70000f; // overflows to infinity in half
        data[3][5][8] = 1e-6f; // a half subnormal
        Path file = tmp.resolve("h.npy");
        StoreWriter.writeNpy(file, Dtype.F16, data);
        assertEquals(128 + 4 * 6 * 9 * 2, Files.size(file));
        try (NpyArray a = NpyArray.open(file)) {
            assertEquals(Dtype.F16, a.dtype());
            FloatMatrix reused = FloatMatrix.allocate(6, 9);
            for (int l = 0; l < 4; l++) {
                a.sliceInto(l, reused);
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 9; j++) {
                        float expected = Half.toFloat(Half.fromFloat(data[l][i][j]));
                        assertEquals(expected, reused.get(i, j), 0.0f, l + "," + i + "," + j);
                    }
                }
            }
            assertEquals(Float.POSITIVE_INFINITY, a.slice(0).get(1, 1));
        }
    }

    @Test
    void largeF16LayerConvertsInBlocks() throws IOException {
        // More values per layer than one conversion block (65536), with a remainder.
        int items = 300;
        int dim = 301;
        float[][][] data = TestFiles.randomData(3, 2, items, dim);
        Path file = tmp.resolve("big.npy");
        StoreWriter.writeNpy(file, Dtype.F16, data);
        try (NpyArray a = NpyArray.open(file)) {
            FloatMatrix m = a.slice(1);
            assertEquals(Half.toFloat(Half.fromFloat(data[1][items - 1][dim - 1])), m.get(items - 1, dim - 1), 0f);
            assertEquals(Half.toFloat(Half.fromFloat(data[1][0][0])), m.get(0, 0), 0f);
            assertEquals(Half.toFloat(Half.fromFloat(data[1][217][200])), m.get(217, 200), 0f);
        }
    }

    @Test
    void parsesHeaderVariations() {
        String[] dicts = {
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }",
            "{'descr':'<f4','fortran_order':False,'shape':(2,3,4)}",
            "  {  \"shape\" : ( 2 , 3 , 4 , ) ,\t'fortran_order' : False , 'descr' : \"<f4\" , }  \n",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L, 4L), }",
        };
        for (String d : dicts) {
            NpyHeader h = Npy.parseHeader(d, 128, "x.npy");
            assertEquals(Dtype.F32, h.dtype(), d);
            assertArrayEquals(new long[] {2, 3, 4}, h.shape(), d);
        }
        assertArrayEquals(new long[] {3}, Npy.parseHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }",
                64, "x").shape());
        assertArrayEquals(new long[0], Npy.parseHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (), }",
                64, "x").shape());
    }

    @Test
    void readsVersions2And3() throws IOException {
        for (int major : new int[] {2, 3}) {
            Path file = tmp.resolve("v" + major + ".npy");
            TestFiles.writeRawNpyV2(file, major, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2), }",
                    TestFiles.f32Bytes(1.5f, -2.5f));
            NpyHeader h = Npy.readHeader(file);
            assertArrayEquals(new long[] {1, 1, 2}, h.shape());
            try (NpyArray a = NpyArray.open(file)) {
                assertArrayEquals(new float[] {1.5f, -2.5f}, a.slice(0).row(0));
            }
        }
    }

    private BadInputException readBad(String name, String dict, byte[] data) throws IOException {
        Path file = tmp.resolve(name);
        TestFiles.writeRawNpy(file, dict, data);
        BadInputException e = assertThrows(BadInputException.class, () -> Npy.readHeader(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void rejectsOtherDtypes() throws IOException {
        for (String descr : new String[] {"<f8", ">f4", "=f4", "|u1", "<i4", ">f2"}) {
            BadInputException e = readBad("d.npy", "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }",
                    new byte[8]);
            assertTrue(e.getMessage().contains("'" + descr + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float16"), e.getMessage());
        }
        BadInputException e = readBad("s.npy", "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[4]);
        assertTrue(e.getMessage().contains("structured"), e.getMessage());
    }

    @Test
    void rejectsFortranOrder() throws IOException {
        BadInputException e = readBad("f.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2, 2), }",
                TestFiles.f32Bytes(1, 2, 3, 4));
        assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        BadInputException e = readBad("t.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }",
                new byte[90]);
        assertTrue(e.getMessage().contains("is truncated: expected 96 bytes of data, found 90"), e.getMessage());
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        BadInputException e = readBad("x.npy", "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }",
                new byte[6]);
        assertTrue(e.getMessage().contains("needs exactly 4"), e.getMessage());
    }

    @Test
    void rejectsCorruptHeaders() throws IOException {
        readBad("c1.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3", new byte[0]);
        readBad("c2.npy", "{'descr': '<f4', 'shape': (2,), }", new byte[8]);
        readBad("c3.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", new byte[8]);
        readBad("c4.npy", "['descr', '<f4']", new byte[0]);
        readBad("c5.npy", "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", new byte[8]);
    }

    @Test
    void rejectsGarbageAndTinyFiles() throws IOException {
        Path garbage = tmp.resolve("garbage.npy");
        byte[] bytes = new byte[300];
        new Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> Npy.readHeader(garbage));
        assertTrue(e.getMessage().contains("not a NumPy .npy file") && e.getMessage().contains(garbage.toString()),
                e.getMessage());

        Path empty = tmp.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        assertThrows(BadInputException.class, () -> Npy.readHeader(empty));

        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(Npy.headerBytes(Dtype.F32, 2, 3, 4), 50));
        e = assertThrows(BadInputException.class, () -> Npy.readHeader(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path v9 = tmp.resolve("v9.npy");
        byte[] h = Npy.headerBytes(Dtype.F32, 1);
        h[6] = 9;
        Files.write(v9, h);
        e = assertThrows(BadInputException.class, () -> Npy.readHeader(v9));
        assertTrue(e.getMessage().contains("version 9.0"), e.getMessage());

        BadInputException missing = assertThrows(BadInputException.class,
                () -> Npy.readHeader(tmp.resolve("nope.npy")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void arrayNeedsThreeAxes() throws IOException {
        Path file = tmp.resolve("two.npy");
        TestFiles.writeRawNpy(file, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
                TestFiles.f32Bytes(1, 2, 3, 4));
        BadInputException e = assertThrows(BadInputException.class, () -> NpyArray.open(file));
        assertTrue(e.getMessage().contains("(2, 2)") && e.getMessage().contains("3 axes"), e.getMessage());
    }

    @Test
    void layerOver2GiBIsRejectedBeforeReading() throws IOException {
        // A sparse file: 1 x 40000 x 20000 float32 is 3.2 GB, but nothing is written or read.
        Path file = tmp.resolve("huge.npy");
        byte[] header = Npy.headerBytes(Dtype.F32, 1, 40000, 20000);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(header));
            ch.write(ByteBuffer.wrap(new byte[1]), header.length + 40000L * 20000 * 4 - 1);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> NpyArray.open(file));
        assertTrue(e.getMessage().contains("2 GiB"), e.getMessage());
    }

    @Test
    void filesOver2GiBAreReadLayerByLayer() throws IOException {
        // A sparse float16 file of 33 layers of 4096 x 8192 (64 MiB each, 2.06 GiB in all): the last
        // layer starts past byte 2^31, beyond what one Java mapping can address.
        int layers = 33;
        int items = 4096;
        int dim = 8192;
        long layerBytes = (long) items * dim * 2;
        Path file = tmp.resolve("sparse.npy");
        byte[] header = Npy.headerBytes(Dtype.F16, layers, items, dim);
        long lastLayer = header.length + (layers - 1) * layerBytes;
        assertTrue(lastLayer > Integer.MAX_VALUE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(header));
            ByteBuffer one = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            one.putShort(0, (short) 0x3C00);
            ch.write(one, lastLayer + 2L * (5 * dim + 7)); // item 5, column 7 = 1.0
            one.putShort(0, (short) 0xC000);
            ch.write(one.rewind(), header.length + layers * layerBytes - 2); // last value = -2.0
        }
        try (NpyArray a = NpyArray.open(file)) {
            FloatMatrix m = a.slice(layers - 1);
            assertEquals(1.0f, m.get(5, 7));
            assertEquals(-2.0f, m.get(items - 1, dim - 1));
            assertEquals(0f, m.get(5, 6));
        }
    }

    /** Each read's mapping is released at once, not left for the garbage collector (see Unmapper). */
    @Test
    void readsDoNotLeaveMappingsBehind() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs Linux /proc");
        Path file = tmp.resolve("mapped-layers.npy");
        StoreWriter.writeNpy(file, Dtype.F32, TestFiles.randomData(5, 2, 64, 64));
        try (NpyArray a = NpyArray.open(file)) {
            FloatMatrix m = FloatMatrix.allocate(64, 64);
            for (int k = 0; k < 2000; k++) {
                a.sliceInto(k % 2, m);
            }
        }
        long stale = Files.readAllLines(maps).stream().filter(l -> l.contains("mapped-layers.npy")).count();
        assertEquals(0, stale, "mappings of the file still present");
    }
}
