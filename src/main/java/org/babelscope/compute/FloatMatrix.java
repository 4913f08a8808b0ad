package org.babelscope.compute;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A dense row-major float32 matrix in off-heap memory, the one currency of the kernels: native
 * code reads and writes it in place, with no copy across JNI.
 */
public final class FloatMatrix {
    private final int rows;
    private final int cols;
    private final FloatBuffer data;

    private FloatMatrix(int rows, int cols, FloatBuffer data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A zero-filled rows x cols matrix. */
    public static FloatMatrix allocate(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + " x " + cols);
        }
        long bytes = (long) rows * cols * Float.BYTES;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "matrix " + rows + " x " + cols + " exceeds 2 GiB; process it in smaller blocks");
        }
        FloatBuffer buffer = ByteBuffer.allocateDirect((int) Math.max(bytes, 1))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new FloatMatrix(rows, cols, buffer);
    }

    /** Wraps a direct, native-order buffer holding at least rows * cols floats from position 0. */
    public static FloatMatrix wrap(int rows, int cols, FloatBuffer direct) {
        if (!direct.isDirect() || direct.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("buffer must be direct and in native byte order");
        }
        if ((long) rows * cols > direct.capacity()) {
            throw new IllegalArgumentException("buffer of " + direct.capacity() + " floats is smaller than "
                    + rows + " x " + cols);
        }
        return new FloatMatrix(rows, cols, direct);
    }

    public static FloatMatrix of(float[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        FloatMatrix m = allocate(r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("ragged rows: row " + i + " has " + values[i].length
                        + " values, row 0 has " + c);
            }
            m.data.put(i * c, values[i]);
        }
        return m;
    }

    public static FloatMatrix of(double[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        FloatMatrix m = allocate(r, c);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                m.set(i, j, (float) values[i][j]);
            }
        }
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing buffer (absolute indexing, row-major); shared, not copied. */
    public FloatBuffer buffer() {
        return data;
    }

    public float get(int i, int j) {
        return data.get(i * cols + j);
    }

    public void set(int i, int j, float v) {
        data.put(i * cols + j, v);
    }

    public float[] row(int i) {
        float[] out = new float[cols];
        data.get(i * cols, out);
        return out;
    }

    public void setRow(int i, float[] values) {
        if (values.length != cols) {
            throw new IllegalArgumentException("row of " + values.length + " values, matrix has " + cols + " columns");
        }
        data.put(i * cols, values);
    }

    public float[][] toArray() {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = row(i);
        }
        return out;
    }

    public FloatMatrix copy() {
        FloatMatrix m = allocate(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            m.data.put(i, data.get(i));
        }
        return m;
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + " x " + cols + "]";
    }
}
