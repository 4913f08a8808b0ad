package org.babelscope.store;

import java.io.IOException;
import java.nio.file.Path;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;

/**
 * One view of an {@link EmbeddingStore}: a language, or one option of a language, as a
 * [layers, items, dim] array read a layer at a time.
 *
 * <p>The file is opened for each read and closed after it, rather than held open: a store can
 * have hundreds of views (languages times answer options), which would otherwise hold as many
 * file descriptors. Opening costs a header read per layer, negligible next to the layer itself,
 * and it notices a file replaced since the store was opened.
 */
public final class StoreView {
    private final String name;
    private final Path file;
    private final NpyHeader header;

    StoreView(String name, Path file, NpyHeader header) {
        this.name = name;
        this.file = file;
        this.header = header;
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    /** Number of layer slots (the first axis). */
    public int layers() {
        return (int) header.dim(0);
    }

    public int items() {
        return (int) header.dim(1);
    }

    public int dim() {
        return (int) header.dim(2);
    }

    public Dtype dtype() {
        return header.dtype();
    }

    /** A new items x dim float32 matrix of layer slot {@code slot} (an index into the store's layers). */
    public FloatMatrix layer(int slot) throws IOException {
        FloatMatrix m = FloatMatrix.allocate(items(), dim());
        layerInto(slot, m);
        return m;
    }

    /** Reads layer slot {@code slot} into {@code dst}, an items x dim matrix. */
    public void layerInto(int slot, FloatMatrix dst) throws IOException {
        try (NpyArray array = NpyArray.open(file)) {
            if (!array.header().equals(header)) {
                throw new BadInputException(file + " changed since the store was opened (it was " + header
                        + ", it is " + array.header() + ")");
            }
            array.sliceInto(slot, dst);
        }
    }

    @Override
    public String toString() {
        return "StoreView[" + name + ", " + header.shapeText() + " " + header.dtype() + "]";
    }
}
