package org.babelscope.model.gguf;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.babelscope.BadInputException;

/**
 * A GGUF file (versions 2 and 3, little-endian), opened and validated: its metadata and tensor
 * table are parsed from a memory mapping and checked completely (magic, version, every count,
 * length, type and offset, truncation, overlaps, duplicates) before anything else, and native
 * code in particular, sees the file. Any problem throws {@link BadInputException} with a message
 * that names the file and what is wrong with it.
 *
 * <p>The header is held in memory; tensor data is mapped again when read with {@link #floats}.
 * Getters of metadata check the key's presence and type and also throw
 * {@code BadInputException}, naming the file and key, when the file does not have what the caller
 * needs.
 */
public final class GgufFile {
    /** A tensor is mapped in pieces of at most this many bytes (Java maps at most 2 GiB at once). */
    private static final long MAP_CHUNK = 1L << 30;

    private final Path path;
    private final long fileSize;
    private final int version;
    private final int alignment;
    private final long dataStart;
    private final Map<String, GgufValue> metadata;
    private final List<TensorInfo> tensors;
    private final Map<String, TensorInfo> tensorsByName;

    private GgufFile(Path path, long fileSize, GgufParser.Header header) {
        this.path = path;
        this.fileSize = fileSize;
        this.version = header.version();
        this.alignment = header.alignment();
        this.dataStart = header.dataStart();
        this.metadata = Collections.unmodifiableMap(header.metadata());
        this.tensors = List.copyOf(header.tensors());
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : tensors) {
            byName.put(t.name(), t);
        }
        this.tensorsByName = Collections.unmodifiableMap(byName);
    }

    /**
     * Opens and validates {@code file}.
     *
     * @throws BadInputException if the file is missing, not GGUF, or malformed in any way
     * @throws IOException if it cannot be read
     */
    public static GgufFile open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory, not a GGUF file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            // The header is parsed from a mapping of the first 2 GiB at most; a header never
            // comes near that, and the data of a larger file is mapped per tensor when read.
            MappedByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE));
            return new GgufFile(file, size, GgufParser.parse(file, head, size));
        } catch (NoSuchFileException e) {
            throw new BadInputException("GGUF file " + file + " does not exist", e);
        }
    }

    public Path path() {
        return path;
    }

    /** The GGUF format version, 2 or 3. */
    public int version() {
        return version;
    }

    /** The alignment of tensor data in bytes ({@code general.alignment}, 32 by default). */
    public int alignment() {
        return alignment;
    }

    /** The file offset where the data section, and so tensor offset 0, begins. */
    public long dataStart() {
        return dataStart;
    }

    public long fileSize() {
        return fileSize;
    }

    // ---- metadata

    /** All metadata in file order (unmodifiable). */
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    public boolean has(String key) {
        return metadata.containsKey(key);
    }

    /** The value of {@code key}; throws if it is missing. */
    public GgufValue value(String key) {
        GgufValue v = metadata.get(key);
        if (v == null) {
            throw bad("metadata key '" + key + "' is missing");
        }
        return v;
    }

    public String string(String key) {
        return typed(key, GgufType.STRING).asString();
    }

    public Optional<String> optionalString(String key) {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    /**
     * The value of a u32 key, exactly that type (the only one llama.cpp accepts for its
     * hyperparameters), as a long in [0, 2^32).
     */
    public long u32(String key) {
        return typed(key, GgufType.UINT32).asLong();
    }

    /** The value of a key of any integer type, which must fit in an int. */
    public int int32(String key) {
        GgufValue v = value(key);
        if (v.isArray() || !v.type().isInteger()) {
            throw bad("metadata key '" + key + "' is " + v.typeName() + ", expected an integer");
        }
        long n = v.asLong();
        if ((v.type() == GgufType.UINT64 && n < 0) || n != (int) n) {
            throw bad("metadata key '" + key + "' is " + v.integerText() + ", out of the range of a 32-bit int");
        }
        return (int) n;
    }

    public OptionalInt optionalInt32(String key) {
        return has(key) ? OptionalInt.of(int32(key)) : OptionalInt.empty();
    }

    public float float32(String key) {
        return typed(key, GgufType.FLOAT32).asFloat();
    }

    public Optional<Float> optionalFloat32(String key) {
        return has(key) ? Optional.of(float32(key)) : Optional.empty();
    }

    public boolean bool(String key) {
        return typed(key, GgufType.BOOL).asBool();
    }

    public String[] stringArray(String key) {
        return array(key, GgufType.STRING).stringArray();
    }

    public float[] float32Array(String key) {
        return array(key, GgufType.FLOAT32).floatArray();
    }

    /** An array of any integer type whose elements all fit in an int. */
    public int[] int32Array(String key) {
        GgufValue v = value(key);
        if (!v.isArray() || !v.elementType().isInteger()) {
            throw bad("metadata key '" + key + "' is " + v.typeName() + ", expected an array of integers");
        }
        long[] values = (long[]) v.rawArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            boolean negativeU64 = v.elementType() == GgufType.UINT64 && values[i] < 0;
            if (negativeU64 || values[i] != (int) values[i]) {
                throw bad("metadata key '" + key + "' holds " + (negativeU64 ? Long.toUnsignedString(values[i])
                        : values[i]) + " at index " + i + ", out of the range of a 32-bit int");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    private GgufValue typed(String key, GgufType type) {
        GgufValue v = value(key);
        if (v.type() != type) {
            throw bad("metadata key '" + key + "' is " + v.typeName() + ", expected " + type);
        }
        return v;
    }

    private GgufValue array(String key, GgufType elementType) {
        GgufValue v = value(key);
        if (!v.isArray() || v.elementType() != elementType) {
            throw bad("metadata key '" + key + "' is " + v.typeName() + ", expected an array of " + elementType);
        }
        return v;
    }

    // ---- tensors

    /** The tensor table in file order. */
    public List<TensorInfo> tensors() {
        return tensors;
    }

    public boolean hasTensor(String name) {
        return tensorsByName.containsKey(name);
    }

    /** The tensor called {@code name}; throws if there is none. */
    public TensorInfo tensor(String name) {
        TensorInfo t = tensorsByName.get(name);
        if (t == null) {
            throw bad("has no tensor '" + name + "'");
        }
        return t;
    }

    public Optional<TensorInfo> optionalTensor(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    /**
     * The values of tensor {@code name} as floats, in storage order ({@code dim(0)} fastest).
     * F32 is returned exactly; F16, BF16 and Q8_0 are dequantized as ggml does (Q8_0: each
     * block's f16 scale times its int8 values).
     *
     * @throws BadInputException if there is no such tensor, its type is another one, or it has
     *     more values than a Java array holds
     */
    public float[] floats(String name) throws IOException {
        TensorInfo t = tensor(name);
        if (!TensorCodec.canDecode(t.type())) {
            throw bad("tensor '" + name + "' is " + t.type() + "; only F32, F16, BF16 and Q8_0 tensors can be"
                    + " read as floats");
        }
        if (t.elements() > GgufParser.MAX_ARRAY) {
            throw bad("tensor '" + name + "' has " + t.elements() + " values, too many for one array");
        }
        float[] out = new float[(int) t.elements()];
        GgmlType type = t.type();
        long chunk = MAP_CHUNK / type.blockBytes() * type.blockBytes();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() != fileSize) {
                throw bad("changed size since it was opened (" + fileSize + " bytes, now " + ch.size() + ")");
            }
            long done = 0;
            int values = 0;
            while (done < t.byteSize()) {
                long len = Math.min(chunk, t.byteSize() - done);
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + t.offset() + done, len);
                m.order(ByteOrder.LITTLE_ENDIAN);
                int n = (int) (len / type.blockBytes() * type.blockSize());
                TensorCodec.decode(type, m, out, values, n);
                values += n;
                done += len;
            }
        }
        return out;
    }

    private BadInputException bad(String what) {
        return new BadInputException(path + ": " + what);
    }

    @Override
    public String toString() {
        return "GGUF v" + version + " " + path + " (" + metadata.size() + " keys, " + tensors.size() + " tensors)";
    }
}
