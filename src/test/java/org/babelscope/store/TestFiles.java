package org.babelscope.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Helpers for tests: random data and hand-made .npy files, including deliberately bad ones. */
final class TestFiles {
    private TestFiles() {
    }

    /** Values in [-2, 2) that are never all zero, from a fixed-seed generator. */
    static float[][][] randomData(long seed, int layers, int items, int dim) {
        Random r = new Random(seed);
        float[][][] data = new float[layers][items][dim];
        for (float[][] layer : data) {
            for (float[] row : layer) {
                for (int j = 0; j < dim; j++) {
                    row[j] = (float) (r.nextDouble() * 4 - 2);
                }
            }
        }
        data[0][0][0] = 1.25f; // never all zero, whatever the seed
        return data;
    }

    /**
     * Writes an .npy v1.0 file with the given header dict text (padded like numpy) followed by
     * {@code data}, so tests can build headers our writer would never produce.
     */
    static void writeRawNpy(Path file, String dict, byte[] data) throws IOException {
        int withNewline = dict.length() + 1;
        int pad = 64 - (10 + withNewline) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        buf.putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        buf.put(data);
        Files.write(file, buf.array());
    }

    /** A v2.0 or v3.0 file: 4-byte header length, no padding rules needed by the reader. */
    static void writeRawNpyV2(Path file, int major, String dict, byte[] data) throws IOException {
        byte[] header = (dict + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(12 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        buf.putInt(header.length);
        buf.put(header);
        buf.put(data);
        Files.write(file, buf.array());
    }

    /** Little-endian float32 bytes of {@code values}. */
    static byte[] f32Bytes(float... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putFloat(v);
        }
        return buf.array();
    }

    /** The values of {@code data} flattened in C order. */
    static float[] flatten(float[][][] data) {
        int n = data.length * data[0].length * data[0][0].length;
        float[] out = new float[n];
        int k = 0;
        for (float[][] layer : data) {
            for (float[] row : layer) {
                for (float v : row) {
                    out[k++] = v;
                }
            }
        }
        return out;
    }

    static void writeManifest(Path dir, String json) throws IOException {
        Files.writeString(dir.resolve(Manifest.FILE_NAME), json);
    }
}
