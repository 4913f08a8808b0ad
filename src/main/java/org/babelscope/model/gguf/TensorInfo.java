package org.babelscope.model.gguf;

import java.util.Arrays;

/**
 * One entry of a GGUF file's tensor table. Dimensions follow ggml: {@code dim(0)} (ggml's
 * {@code ne[0]}) varies fastest, so a matrix with {@code dims = [n_in, n_out]} is stored as
 * {@code n_out} rows of {@code n_in} values. {@link #offset()} counts from the start of the data
 * section ({@link GgufFile#dataStart()}).
 */
public final class TensorInfo {
    private final String name;
    private final GgmlType type;
    private final long[] dims;
    private final long offset;
    private final long byteSize;

    TensorInfo(String name, GgmlType type, long[] dims, long offset, long byteSize) {
        this.name = name;
        this.type = type;
        this.dims = dims.clone();
        this.offset = offset;
        this.byteSize = byteSize;
    }

    public String name() {
        return name;
    }

    public GgmlType type() {
        return type;
    }

    /** The dimensions as stored, fastest first (a copy; 0 to 4 entries). */
    public long[] dims() {
        return dims.clone();
    }

    /** Dimension {@code i}, or 1 beyond the stored ones, as ggml pads shapes to four dimensions. */
    public long dim(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    public int nDims() {
        return dims.length;
    }

    /** The number of values. */
    public long elements() {
        long n = 1;
        for (long d : dims) {
            n *= d; // the parser checked that the product fits
        }
        return n;
    }

    /** Byte offset of the data from the start of the data section. */
    public long offset() {
        return offset;
    }

    /** Bytes of data, without alignment padding. */
    public long byteSize() {
        return byteSize;
    }

    /**
     * Whether the shape is {@code expected}, comparing as ggml does: missing trailing
     * dimensions count as 1, so [64, 1] has shape [64].
     */
    public boolean hasShape(long... expected) {
        int n = Math.max(expected.length, dims.length);
        for (int i = 0; i < n; i++) {
            long want = i < expected.length ? expected[i] : 1;
            if (dim(i) != want) {
                return false;
            }
        }
        return true;
    }

    /** The shape as ggml prints it, e.g. {@code [64, 512]}. */
    public String shapeText() {
        return Arrays.toString(dims);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + shapeText() + " at +" + offset + " (" + byteSize + " bytes)";
    }
}
