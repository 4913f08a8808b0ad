package org.babelscope.model.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.babelscope.store.Half;

/**
 * Conversion between float values and the bytes of the tensor types this project reads (F32,
 * F16, BF16, Q8_0) and writes (the same four).
 */
final class TensorCodec {
    /** Q8_0: 32 values per block, an f16 scale then 32 signed bytes. */
    static final int Q8_0_BLOCK = 32;
    private static final int Q8_0_MAX = 127;

    private TensorCodec() {
    }

    static boolean canDecode(GgmlType type) {
        return type == GgmlType.F32 || type == GgmlType.F16 || type == GgmlType.BF16 || type == GgmlType.Q8_0;
    }

    /** Decodes {@code n} values (whole blocks) from {@code src}, from its position, into {@code dst[off...]}. */
    static void decode(GgmlType type, ByteBuffer src, float[] dst, int off, int n) {
        ByteBuffer in = src.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> in.asFloatBuffer().get(dst, off, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = Half.toFloat(in.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = bf16ToFloat(in.getShort(2 * i));
                }
            }
            case Q8_0 -> {
                int blocks = n / Q8_0_BLOCK;
                for (int b = 0; b < blocks; b++) {
                    int base = b * GgmlType.Q8_0.blockBytes();
                    float d = Half.toFloat(in.getShort(base));
                    for (int j = 0; j < Q8_0_BLOCK; j++) {
                        dst[off + b * Q8_0_BLOCK + j] = d * in.get(base + 2 + j);
                    }
                }
            }
            default -> throw new IllegalArgumentException("cannot decode " + type);
        }
    }

    /**
     * Encodes {@code values} (a whole number of blocks) as {@code type}.
     *
     * @throws IllegalArgumentException for a non-finite value, or one beyond the range of f16
     */
    static byte[] encode(GgmlType type, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is " + values[i] + "; tensors must be finite");
            }
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(type.byteSize(values.length)))
                .order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> out.asFloatBuffer().put(values);
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    short h = Half.fromFloat(values[i]);
                    if (!Float.isFinite(Half.toFloat(h))) {
                        throw new IllegalArgumentException("value " + i + " (" + values[i] + ") is beyond the f16 range");
                    }
                    out.putShort(h);
                }
            }
            case BF16 -> {
                for (float v : values) {
                    out.putShort(floatToBf16(v));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < values.length / Q8_0_BLOCK; b++) {
                    encodeQ8Block(values, b * Q8_0_BLOCK, out);
                }
            }
            default -> throw new IllegalArgumentException("cannot encode " + type);
        }
        return out.array();
    }

    /**
     * One Q8_0 block: scale d = max|x| / 127 stored as f16, then q = round(x / d) in [-127, 127].
     * ggml's reference quantizer divides by the unrounded d; dividing by the stored half
     * instead bounds every decoded value's error by d/2 exactly (values that the rounding of d
     * pushes past 127 are clamped, and their error, at most 127 times d's rounding error,
     * stays far below d/2). llama.cpp decodes both the same way.
     */
    private static void encodeQ8Block(float[] x, int from, ByteBuffer out) {
        float amax = 0;
        for (int j = 0; j < Q8_0_BLOCK; j++) {
            amax = Math.max(amax, Math.abs(x[from + j]));
        }
        short dHalf = Half.fromFloat(amax / Q8_0_MAX);
        float d = Half.toFloat(dHalf);
        if (!Float.isFinite(d)) {
            throw new IllegalArgumentException("values up to " + amax + " are beyond the range of Q8_0 (f16 scale)");
        }
        out.putShort(dHalf);
        for (int j = 0; j < Q8_0_BLOCK; j++) {
            long q = d == 0 ? 0 : roundHalfAway(x[from + j] / d);
            out.put((byte) Math.max(-Q8_0_MAX, Math.min(Q8_0_MAX, q)));
        }
    }

    /** Rounds half away from zero, like C's roundf, so that quantization is symmetric about 0. */
    private static long roundHalfAway(float v) {
        return v < 0 ? -Math.round(-(double) v) : Math.round((double) v);
    }

    /** bfloat16 is the top half of a float32. */
    static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }

    /** The nearest bfloat16, ties to even (as ggml's conversion for finite values). */
    static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
