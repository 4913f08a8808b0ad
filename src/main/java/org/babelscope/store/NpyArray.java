package org.babelscope.store;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;

/**
 * A 3-D [layers, items, dim] .npy file read one layer at a time. Each read memory-maps only that
 * layer's bytes, so the file as a whole may be far over 2 GiB (the limit of one Java mapping);
 * only one layer must fit. Values are converted to float32 into off-heap matrices.
 */
public final class NpyArray implements AutoCloseable {
    /** float16 values are converted in blocks of this many, through heap arrays, for speed. */
    private static final int HALF_BLOCK = 1 << 16;

    private final Path file;
    private final NpyHeader header;
    private final FileChannel channel;
    private final int layers;
    private final int items;
    private final int dim;
    private final long layerBytes;

    private NpyArray(Path file, NpyHeader header, FileChannel channel) {
        this.file = file;
        this.header = header;
        this.channel = channel;
        this.layers = (int) header.dim(0);
        this.items = (int) header.dim(1);
        this.dim = (int) header.dim(2);
        this.layerBytes = (long) items * dim * header.dtype().size();
    }

    /** Opens {@code file}, checking its header and that it is a non-empty 3-D array whose layers can be mapped. */
    public static NpyArray open(Path file) throws IOException {
        NpyHeader header = Npy.readHeader(file);
        checkShape(header, file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new NpyArray(file, header, ch);
    }

    private static void checkShape(NpyHeader header, Path file) {
        if (header.ndim() != 3) {
            throw new BadInputException(file + " has shape " + header.shapeText()
                    + "; a store view needs 3 axes [layers, items, dim]");
        }
        for (int axis = 0; axis < 3; axis++) {
            if (header.dim(axis) < 1 || header.dim(axis) > Integer.MAX_VALUE) {
                throw new BadInputException(file + " has shape " + header.shapeText()
                        + "; every axis must hold between 1 and " + Integer.MAX_VALUE + " entries");
            }
        }
        long values = header.dim(1) * header.dim(2);
        // One layer is one mapping (at most 2 GiB) and becomes one float32 matrix (also at most 2 GiB).
        if (values * Float.BYTES > Integer.MAX_VALUE) {
            throw new BadInputException(file + " has shape " + header.shapeText() + ": one layer of "
                    + header.dim(1) + " x " + header.dim(2) + " values exceeds 2 GiB as float32; split the"
                    + " items over several stores");
        }
    }

    public Path file() {
        return file;
    }

    public NpyHeader header() {
        return header;
    }

    /** The shape [layers, items, dim]. */
    public long[] shape() {
        return header.shape();
    }

    public Dtype dtype() {
        return header.dtype();
    }

    public int layers() {
        return layers;
    }

    public int items() {
        return items;
    }

    public int dim() {
        return dim;
    }

    /** A new items x dim float32 matrix holding the data of {@code layer} (an index into the first axis). */
    public FloatMatrix slice(int layer) throws IOException {
        FloatMatrix m = FloatMatrix.allocate(items, dim);
        sliceInto(layer, m);
        return m;
    }

    /** Like {@link #slice(int)}, into an existing items x dim matrix, to reuse its memory. */
    public void sliceInto(int layer, FloatMatrix dst) throws IOException {
        if (layer < 0 || layer >= layers) {
            throw new IndexOutOfBoundsException("layer slot " + layer + " of " + file + ", which has " + layers);
        }
        if (dst.rows() != items || dst.cols() != dim) {
            throw new IllegalArgumentException("destination is " + dst.rows() + " x " + dst.cols() + ", "
                    + file + " has layers of " + items + " x " + dim);
        }
        long offset = header.dataOffset() + layer * layerBytes;
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, offset, layerBytes);
        try {
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            int n = items * dim;
            if (header.dtype() == Dtype.F32) {
                // A bulk copy; a plain memcpy when the machine is little-endian.
                dst.buffer().put(0, mapped.asFloatBuffer(), 0, n);
            } else {
                copyHalves(mapped.asShortBuffer(), dst.buffer(), n);
            }
        } finally {
            Unmapper.unmap(mapped);
        }
    }

    private static void copyHalves(ShortBuffer src, FloatBuffer dst, int n) {
        short[] halves = new short[Math.min(HALF_BLOCK, n)];
        float[] floats = new float[halves.length];
        for (int done = 0; done < n; ) {
            int count = Math.min(halves.length, n - done);
            src.get(done, halves, 0, count);
            for (int i = 0; i < count; i++) {
                floats[i] = Half.toFloat(halves[i]);
            }
            dst.put(done, floats, 0, count);
            done += count;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
