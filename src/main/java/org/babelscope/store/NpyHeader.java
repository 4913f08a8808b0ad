package org.babelscope.store;

import java.util.Arrays;

/**
 * What an .npy header says: element type, shape (C order) and where the data starts.
 *
 * @param dtype      element type
 * @param shape      dimensions, outermost first
 * @param dataOffset byte offset of the first element in the file
 */
public record NpyHeader(Dtype dtype, long[] shape, long dataOffset) {

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    /** Number of elements, the product of the shape (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** Bytes of data after the header. */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), (long) dtype.size());
    }

    /** The shape as Python writes a tuple: "(3,)", "(2, 3, 4)". */
    public String shapeText() {
        return Npy.shapeText(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.dtype == dtype && h.dataOffset == dataOffset
                && Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Long.hashCode(dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[" + dtype.descr() + ", " + shapeText() + ", data at " + dataOffset + "]";
    }
}
