package org.babelscope.model.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes GGUF version 3 files: metadata of any value type, and tensors given as floats and
 * stored as F32, F16, BF16 or Q8_0. Tensors are laid out as llama.cpp b4916 requires: in the
 * order they were added, each starting at a multiple of the alignment (32 bytes, or the value of
 * a {@code general.alignment} key put by the caller). The file is written to a temporary sibling
 * and renamed into place, so it appears whole or not at all.
 *
 * <pre>{@code
 * new GgufWriter()
 *     .put("general.architecture", GgufValue.string("llama"))
 *     .addTensor("output_norm.weight", GgmlType.F32, norm, 64)
 *     .write(path);
 * }</pre>
 */
public final class GgufWriter {
    private static final int VERSION = 3;

    private record PendingTensor(String name, GgmlType type, long[] dims, byte[] data) {
    }

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new HashSet<>();

    /**
     * Adds metadata {@code key}; keys are written in the order first put.
     *
     * @throws IllegalArgumentException if the key was already put
     */
    public GgufWriter put(String key, GgufValue value) {
        if (metadata.containsKey(key)) {
            throw new IllegalArgumentException("metadata key '" + key + "' was already put");
        }
        if (key.equals(GgufParser.ALIGNMENT_KEY)) {
            checkAlignment(value);
        }
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds a tensor of shape {@code dims} ({@code dims[0]} fastest, as ggml) whose values, in
     * that storage order, are {@code values}, encoded now as {@code type}: F32 (exact), F16 or
     * BF16 (rounded to nearest), or Q8_0 ({@code dims[0]} a multiple of 32).
     *
     * @throws IllegalArgumentException for a bad name or shape, a count of values that does not
     *     match, a non-finite value, or a value out of the type's range
     */
    public GgufWriter addTensor(String name, GgmlType type, float[] values, long... dims) {
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > GgufParser.MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + name + "' must be 1 to "
                    + GgufParser.MAX_TENSOR_NAME_BYTES + " bytes of UTF-8");
        }
        if (!tensorNames.add(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' was already added");
        }
        if (dims.length < 1 || dims.length > GgufParser.MAX_DIMS) {
            throw new IllegalArgumentException("tensor '" + name + "' needs 1 to 4 dimensions");
        }
        long elements = 1;
        for (long d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("tensor '" + name + "' has a dimension of " + d);
            }
            elements = Math.multiplyExact(elements, d);
        }
        if (elements != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(dims)
                    + " (" + elements + " values) but " + values.length + " values were given");
        }
        if (dims[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + type + " needs rows (dims[0] = "
                    + dims[0] + ") that are a multiple of " + type.blockSize());
        }
        byte[] data;
        try {
            data = TensorCodec.encode(type, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
        }
        tensors.add(new PendingTensor(name, type, dims.clone(), data));
        return this;
    }

    /** Writes the file, replacing any file of that name; creates missing parent directories. Returns {@code file}. */
    public Path write(Path file) throws IOException {
        int alignment = metadata.containsKey(GgufParser.ALIGNMENT_KEY)
                ? (int) metadata.get(GgufParser.ALIGNMENT_KEY).asLong()
                : GgufParser.DEFAULT_ALIGNMENT;
        byte[] header = header(alignment);
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // Not Files.createTempFile: its owner-only permissions would stay on the model after the rename.
        Path tmp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                writeFully(ch, ByteBuffer.wrap(header));
                writeFully(ch, ByteBuffer.allocate(padding(header.length, alignment)));
                for (PendingTensor t : tensors) {
                    writeFully(ch, ByteBuffer.wrap(t.data()));
                    writeFully(ch, ByteBuffer.allocate(padding(t.data().length, alignment)));
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /** Magic, version, counts, metadata and tensor table, unpadded. */
    private byte[] header(int alignment) {
        Out out = new Out();
        out.bytes(new byte[] {'G', 'G', 'U', 'F'});
        out.u32(VERSION);
        out.u64(tensors.size());
        out.u64(metadata.size());
        for (Map.Entry<String, GgufValue> kv : metadata.entrySet()) {
            out.string(kv.getKey());
            writeValue(out, kv.getValue());
        }
        long offset = 0;
        for (PendingTensor t : tensors) {
            out.string(t.name());
            out.u32(t.dims().length);
            for (long d : t.dims()) {
                out.u64(d);
            }
            out.u32(t.type().id());
            out.u64(offset);
            offset += t.data().length + padding(t.data().length, alignment);
        }
        return out.toByteArray();
    }

    private static void writeValue(Out out, GgufValue v) {
        out.u32(v.type().id());
        if (!v.isArray()) {
            writeScalar(out, v);
            return;
        }
        GgufType et = v.elementType();
        out.u32(et.id());
        out.u64(v.size());
        Object a = v.rawArray();
        switch (et) {
            case STRING -> {
                for (String s : (String[]) a) {
                    out.string(s);
                }
            }
            case FLOAT32 -> {
                for (float f : (float[]) a) {
                    out.u32(Float.floatToRawIntBits(f));
                }
            }
            case FLOAT64 -> {
                for (double d : (double[]) a) {
                    out.u64(Double.doubleToRawLongBits(d));
                }
            }
            case BOOL -> {
                for (boolean b : (boolean[]) a) {
                    out.u8(b ? 1 : 0);
                }
            }
            default -> {
                for (long n : (long[]) a) {
                    writeInteger(out, et, n);
                }
            }
        }
    }

    private static void writeScalar(Out out, GgufValue v) {
        switch (v.type()) {
            case STRING -> out.string(v.asString());
            case FLOAT32 -> out.u32(Float.floatToRawIntBits(v.asFloat()));
            case FLOAT64 -> out.u64(Double.doubleToRawLongBits(v.asDouble()));
            case BOOL -> out.u8(v.asBool() ? 1 : 0);
            default -> writeInteger(out, v.type(), v.asLong());
        }
    }

    private static void writeInteger(Out out, GgufType type, long n) {
        switch (type.minBytes()) {
            case 1 -> out.u8((int) n);
            case 2 -> out.u16((int) n);
            case 4 -> out.u32(n);
            default -> out.u64(n);
        }
    }

    private static void checkAlignment(GgufValue v) {
        // The reader (like llama.cpp) accepts only a u32 power of two.
        if (v.type() != GgufType.UINT32 || v.asLong() == 0 || (v.asLong() & (v.asLong() - 1)) != 0) {
            throw new IllegalArgumentException(GgufParser.ALIGNMENT_KEY + " must be a u32 power of 2, not " + v);
        }
    }

    private static int padding(long n, int alignment) {
        return (int) (GgufParser.alignUp(n, alignment) - n);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** A growing little-endian byte buffer. */
    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void bytes(byte[] b) {
            bytes.writeBytes(b);
        }

        void u8(int v) {
            bytes.write(v);
        }

        void u16(int v) {
            scratch.clear();
            scratch.putShort((short) v);
            bytes.write(scratch.array(), 0, 2);
        }

        void u32(long v) {
            scratch.clear();
            scratch.putInt((int) v);
            bytes.write(scratch.array(), 0, 4);
        }

        void u64(long v) {
            scratch.clear();
            scratch.putLong(v);
            bytes.write(scratch.array(), 0, 8);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes.writeBytes(b);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
