package org.babelscope.model.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The bytes of a GGUF file, for tests that corrupt a valid file in one precise place. Fields are
 * located by searching for the length-prefixed key or tensor name, which tests choose unique.
 */
final class GgufBytes {
    /** Offsets of the fixed header fields. */
    static final int VERSION = 4;
    static final int TENSOR_COUNT = 8;
    static final int KV_COUNT = 16;
    static final int FIRST_KEY = 24;

    private byte[] bytes;

    GgufBytes(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    static GgufBytes read(Path file) throws IOException {
        return new GgufBytes(Files.readAllBytes(file));
    }

    int length() {
        return bytes.length;
    }

    /** The offset just after the length-prefixed string {@code s}, which must occur once. */
    int after(String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] needle = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(text.length).put(text).array();
        int at = indexOf(needle, 0);
        if (at < 0 || indexOf(needle, at + 1) >= 0) {
            throw new IllegalArgumentException("'" + s + "' does not occur exactly once");
        }
        return at + needle.length;
    }

    /** The offset of the length field of the string {@code s}. */
    int lengthFieldOf(String s) {
        return after(s) - 8 - s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Offset of the value-type field of metadata key {@code key}. */
    int valueTypeOf(String key) {
        return after(key);
    }

    /** Offset of the n_dims field of tensor {@code name}'s info. */
    int nDimsOf(String tensor) {
        return after(tensor);
    }

    int dimOf(String tensor, int i) {
        return nDimsOf(tensor) + 4 + 8 * i;
    }

    int typeOf(String tensor) {
        return nDimsOf(tensor) + 4 + 8 * (int) u32(nDimsOf(tensor));
    }

    int offsetOf(String tensor) {
        return typeOf(tensor) + 4;
    }

    long u32(int at) {
        return buf().getInt(at) & 0xFFFF_FFFFL;
    }

    long u64(int at) {
        return buf().getLong(at);
    }

    GgufBytes putU32(int at, long v) {
        buf().putInt(at, (int) v);
        return this;
    }

    GgufBytes putU64(int at, long v) {
        buf().putLong(at, v);
        return this;
    }

    GgufBytes putBytes(int at, byte[] b) {
        System.arraycopy(b, 0, bytes, at, b.length);
        return this;
    }

    /** Replaces the length-prefixed string {@code from} (a key, a name) with {@code to} of the same byte length. */
    GgufBytes replace(String from, String to) {
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        if (from.getBytes(StandardCharsets.UTF_8).length != t.length) {
            throw new IllegalArgumentException("replacement must keep the length");
        }
        return putBytes(after(from) - t.length, t);
    }

    GgufBytes truncate(int length) {
        bytes = Arrays.copyOf(bytes, length);
        return this;
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes);
        return file;
    }

    private ByteBuffer buf() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int indexOf(byte[] needle, int from) {
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
