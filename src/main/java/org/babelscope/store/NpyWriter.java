package org.babelscope.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.babelscope.compute.FloatMatrix;

/**
 * Streams a C-order .npy v1.0 file, converting float32 input to the file's dtype, and computes
 * its SHA-256 on the way so the file need not be read back. The caller writes exactly as many
 * values as the shape holds, then calls {@link #finish()}, which forces the data to disk.
 */
public final class NpyWriter implements AutoCloseable {
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final Dtype dtype;
    private final long[] shape;
    private final long expected;
    private final FileChannel channel;
    private final MessageDigest digest = Sha256.newDigest();
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final float[] staging = new float[CHUNK_BYTES / Float.BYTES];
    private long written;
    private boolean finished;

    private NpyWriter(Path file, Dtype dtype, long[] shape, FileChannel channel) {
        this.file = file;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.expected = new NpyHeader(dtype, shape, 0).elementCount();
        this.channel = channel;
    }

    /** Creates (or truncates) {@code file} and writes its header. */
    public static NpyWriter create(Path file, Dtype dtype, long... shape) throws IOException {
        byte[] header = Npy.headerBytes(dtype, shape);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        NpyWriter w = new NpyWriter(file, dtype, shape, ch);
        try {
            w.chunk.put(header);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
        return w;
    }

    /** Appends all values of {@code m}, row after row. */
    public void write(FloatMatrix m) throws IOException {
        FloatBuffer src = m.buffer();
        int n = m.rows() * m.cols();
        for (int done = 0; done < n; ) {
            int count = Math.min(staging.length, n - done);
            src.get(done, staging, 0, count);
            write(staging, 0, count);
            done += count;
        }
    }

    public void write(float[] values) throws IOException {
        write(values, 0, values.length);
    }

    public void write(float[] values, int offset, int length) throws IOException {
        if (finished) {
            throw new IllegalStateException(file + " is already finished");
        }
        if (written + length > expected) {
            throw new IllegalStateException("writing " + (written + length) + " values to " + file
                    + ", whose shape " + Npy.shapeText(shape) + " holds " + expected);
        }
        for (int i = offset; i < offset + length; i++) {
            if (chunk.remaining() < dtype.size()) {
                flush();
            }
            if (dtype == Dtype.F32) {
                chunk.putFloat(values[i]);
            } else {
                chunk.putShort(Half.fromFloat(values[i]));
            }
        }
        written += length;
    }

    /**
     * Checks every value was written, forces the file to disk and closes it.
     *
     * @return the file's SHA-256, lowercase hex
     */
    public String finish() throws IOException {
        if (written != expected) {
            throw new IllegalStateException(file + " got " + written + " values; shape " + Npy.shapeText(shape)
                    + " needs " + expected);
        }
        flush();
        channel.force(true);
        channel.close();
        finished = true;
        return Sha256.hex(digest);
    }

    private void flush() throws IOException {
        chunk.flip();
        digest.update(chunk.duplicate());
        while (chunk.hasRemaining()) {
            channel.write(chunk);
        }
        chunk.clear();
    }

    /** Closes the file; without a prior {@link #finish()} it is left incomplete, for the caller to delete. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            channel.close();
        }
    }
}
