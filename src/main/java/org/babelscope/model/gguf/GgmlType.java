package org.babelscope.model.gguf;

import java.util.Map;
import java.util.Optional;

/**
 * The tensor element types of ggml as numbered in GGUF files, with their block layout: a tensor
 * row of {@code ne[0]} values is stored as {@code ne[0] / blockSize()} blocks of
 * {@code blockBytes()} bytes each. The layouts are those of ggml's {@code ggml-common.h} at
 * llama.cpp build b4916; knowing them lets the reader check that every tensor fits its file.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18), // f16 scale + 16 bytes of 4-bit values
    Q4_1(3, 32, 20), // f16 scale and minimum + 16 bytes
    Q5_0(6, 32, 22), // f16 scale + 4 bytes of high bits + 16 bytes
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34), // f16 scale + 32 int8
    Q8_1(9, 32, 36), // f16 scale and sum + 32 int8
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292), // f32 scale + 256 int8 + 16 int16 sums
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66);

    /**
     * Ids that ggml once used and b4916 no longer loads (it rejects them as having block size
     * 0): named in messages so that a user knows to requantize rather than suspect corruption.
     */
    private static final Map<Integer, String> REMOVED = Map.of(
            4, "Q4_2", 5, "Q4_3", 31, "Q4_0_4_4", 32, "Q4_0_4_8", 33, "Q4_0_8_8",
            36, "IQ4_NL_4_4", 37, "IQ4_NL_4_8", 38, "IQ4_NL_8_8");

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** The number GGUF files store for this type. */
    public int id() {
        return id;
    }

    /** Values per block (1 for plain types, 32 or 256 for quantized ones). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    /** The type stored as {@code id}, or empty for ids ggml b4916 does not know. */
    public static Optional<GgmlType> byId(long id) {
        if (id < 0 || id >= BY_ID.length) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_ID[(int) id]);
    }

    /** A description of an id for error messages: its name where known, including removed types. */
    static String describeId(long id) {
        Optional<GgmlType> known = byId(id);
        if (known.isPresent()) {
            return id + " (" + known.get() + ")";
        }
        String removed = id >= 0 && id < Integer.MAX_VALUE ? REMOVED.get((int) id) : null;
        return removed == null ? id + " (unknown)" : id + " (" + removed + ", removed from ggml)";
    }

    /**
     * Bytes taken by {@code elements} values, which must be a whole number of blocks.
     *
     * @throws ArithmeticException if the size overflows a long
     */
    public long byteSize(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(elements + " values are not a whole number of " + this
                    + " blocks of " + blockSize);
        }
        return Math.multiplyExact(elements / blockSize, (long) blockBytes);
    }
}
