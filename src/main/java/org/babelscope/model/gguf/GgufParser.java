package org.babelscope.model.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.babelscope.BadInputException;

/**
 * Reads and checks the header of a GGUF file (metadata and tensor table) from a mapping of its
 * first bytes. Every count, length and offset is checked against the bytes that are really
 * there before it is used, because llama.cpp trusts many of them and aborts the process (or
 * reads out of bounds) when they lie. The checks are those of llama.cpp b4916's
 * {@code gguf_init_from_file} and model loader, plus those that make its behaviour defined.
 */
final class GgufParser {
    /** ggml's GGML_MAX_NAME is 64 bytes including the terminating NUL. */
    static final int MAX_TENSOR_NAME_BYTES = 63;
    static final int MAX_DIMS = 4;
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    /** Java arrays hold a little less than Integer.MAX_VALUE entries. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** The smallest kv pair: empty key (8), value type (4), one u8 (1). */
    private static final int MIN_KV_BYTES = 13;
    /** The smallest tensor info: empty name (8), n_dims (4), type (4), offset (8). */
    private static final int MIN_TENSOR_INFO_BYTES = 24;

    /** What the header holds, after every check passed. */
    record Header(int version, Map<String, GgufValue> metadata, List<TensorInfo> tensors, int alignment,
            long dataStart) {
    }

    private final Path file;
    private final ByteBuffer buf;
    private final long fileSize;
    /** What is being read, for messages: "the header", "metadata key #3 'general.name'", ... */
    private String context = "the header";

    private GgufParser(Path file, ByteBuffer header, long fileSize) {
        this.file = file;
        this.buf = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.buf.position(0);
        this.fileSize = fileSize;
    }

    /**
     * Parses the header in {@code mapped}: the file's first bytes (all of them, or the first
     * 2 GiB of a larger file). {@code fileSize} is the length of the whole file.
     */
    static Header parse(Path file, ByteBuffer mapped, long fileSize) {
        return new GgufParser(file, mapped, fileSize).parse();
    }

    private Header parse() {
        checkMagic();
        int version = readVersion();
        long nTensors = readCount("tensors", MIN_TENSOR_INFO_BYTES);
        long nKv = readCount("metadata key-value pairs", MIN_KV_BYTES);

        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            context = "metadata key #" + i;
            String key = readString();
            context = "metadata key #" + i + " '" + key + "'";
            if (metadata.containsKey(key)) {
                throw fail("duplicate metadata key '" + key + "'");
            }
            metadata.put(key, readValue(key));
        }
        int alignment = alignment(metadata.get(ALIGNMENT_KEY));

        List<TensorInfo> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < nTensors; i++) {
            context = "tensor info #" + i;
            TensorInfo t = readTensorInfo(alignment);
            if (!names.add(t.name())) {
                throw fail("duplicate tensor name '" + t.name() + "'");
            }
            tensors.add(t);
        }
        long dataStart = alignUp(buf.position(), alignment);
        checkData(tensors, dataStart, alignment);
        return new Header(version, metadata, tensors, alignment, dataStart);
    }

    // ---- header fields

    private void checkMagic() {
        if (fileSize == 0) {
            throw fail("is empty, not a GGUF file");
        }
        byte[] start = new byte[(int) Math.min(8, buf.limit())];
        buf.get(0, start);
        if (start.length < 4 && "GGUF".startsWith(new String(start, StandardCharsets.ISO_8859_1))) {
            throw fail("is truncated: only " + fileSize + " bytes, inside the magic 'GGUF'");
        }
        boolean magic = start.length >= 4 && start[0] == 'G' && start[1] == 'G' && start[2] == 'U' && start[3] == 'F';
        if (!magic) {
            throw fail("not a GGUF file (starts with '" + printable(start) + "'"
                    + (fileSize > start.length ? "..." : "") + (looksLikeText(start) ? ", which looks like text" : "")
                    + "; a GGUF file starts with 'GGUF')");
        }
        buf.position(4);
    }

    private int readVersion() {
        long version = u32();
        if (version == 2 || version == 3) {
            return (int) version;
        }
        if (version != 0 && (version & 0xFFFF) == 0) {
            // 2 or 3 stored big-endian reads as 0x02000000 or 0x03000000.
            throw fail("is a big-endian GGUF file (version field " + String.format("0x%08X", version)
                    + "); only little-endian files are supported");
        }
        if (version == 1) {
            throw fail("is GGUF version 1, which llama.cpp no longer reads; convert the model again");
        }
        throw fail("has GGUF version " + version + "; llama.cpp b4916 reads versions 2 and 3");
    }

    /** A u64 count of things that each take at least {@code minBytes} of what is left of the file. */
    private long readCount(String what, int minBytes) {
        long n = u64();
        long left = fileSize - buf.position();
        if (n < 0 || n > left / minBytes) {
            throw fail("claims " + Long.toUnsignedString(n) + " " + what + ", more than the remaining " + left
                    + " bytes can hold: the file is truncated or corrupt");
        }
        return n;
    }

    private GgufValue readValue(String key) {
        GgufType type = valueType(u32());
        if (type != GgufType.ARRAY) {
            return readScalar(type);
        }
        GgufType elementType = valueType(u32());
        if (elementType == GgufType.ARRAY) {
            throw fail("metadata key '" + key + "' is an array of arrays, which llama.cpp does not read");
        }
        long count = u64();
        long left = remaining();
        if (count < 0 || count > left / elementType.minBytes()) {
            throw fail("metadata key '" + key + "' claims an array of " + Long.toUnsignedString(count) + " "
                    + elementType + " values, more than the remaining " + left + " bytes can hold: the file is"
                    + " truncated or corrupt");
        }
        if (count > MAX_ARRAY) {
            throw fail("metadata key '" + key + "' holds an array of " + count + " values, too many to read");
        }
        return GgufValue.ofParsedArray(elementType, readArray(elementType, (int) count));
    }

    private GgufType valueType(long id) {
        return GgufType.byId(id).orElseThrow(() -> fail(context + " has unknown value type " + id));
    }

    private GgufValue readScalar(GgufType type) {
        return switch (type) {
            case UINT8 -> GgufValue.integer(type, u8());
            case INT8 -> GgufValue.integer(type, (byte) u8());
            case UINT16 -> GgufValue.integer(type, u16());
            case INT16 -> GgufValue.integer(type, (short) u16());
            case UINT32 -> GgufValue.integer(type, u32());
            case INT32 -> GgufValue.integer(type, (int) u32());
            case UINT64, INT64 -> GgufValue.integer(type, u64());
            case FLOAT32 -> GgufValue.f32(Float.intBitsToFloat((int) u32()));
            case FLOAT64 -> GgufValue.f64(Double.longBitsToDouble(u64()));
            case BOOL -> GgufValue.bool(bool());
            case STRING -> GgufValue.string(readString());
            case ARRAY -> throw new AssertionError("arrays are read by readValue");
        };
    }

    private Object readArray(GgufType type, int n) {
        switch (type) {
            case STRING: {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readString();
                }
                return a;
            }
            case FLOAT32: {
                need((long) n * 4);
                float[] a = new float[n];
                buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
                skip((long) n * 4);
                return a;
            }
            case FLOAT64: {
                need((long) n * 8);
                double[] a = new double[n];
                buf.slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(a);
                skip((long) n * 8);
                return a;
            }
            case BOOL: {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = bool();
                }
                return a;
            }
            default: {
                need((long) n * type.minBytes());
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = switch (type) {
                        case UINT8 -> u8();
                        case INT8 -> (byte) u8();
                        case UINT16 -> u16();
                        case INT16 -> (short) u16();
                        case UINT32 -> u32();
                        case INT32 -> (int) u32();
                        default -> u64(); // UINT64, INT64
                    };
                }
                return a;
            }
        }
    }

    private int alignment(GgufValue value) {
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        // llama.cpp reads it with gguf_get_val_u32, which asserts the type: any other aborts.
        if (value.type() != GgufType.UINT32) {
            throw fail(ALIGNMENT_KEY + " is " + value.typeName() + "; llama.cpp requires u32");
        }
        long a = value.asLong();
        if (a == 0 || (a & (a - 1)) != 0) {
            throw fail(ALIGNMENT_KEY + " is " + a + ", not a power of 2");
        }
        return (int) a;
    }

    private TensorInfo readTensorInfo(int alignment) {
        long nameStart = buf.position();
        String name = readString();
        long nameBytes = buf.position() - nameStart - 8;
        context = context + " '" + name + "'";
        if (nameBytes > MAX_TENSOR_NAME_BYTES) {
            throw fail("tensor name '" + name + "' is " + nameBytes + " bytes long; ggml allows at most "
                    + MAX_TENSOR_NAME_BYTES);
        }
        long nDims = u32();
        if (nDims > MAX_DIMS) {
            throw fail("tensor '" + name + "' has " + nDims + " dimensions; ggml allows at most " + MAX_DIMS);
        }
        long[] dims = new long[(int) nDims];
        long elements = 1;
        for (int i = 0; i < nDims; i++) {
            dims[i] = u64();
            // llama.cpp divides by dimensions 1 to 3 when checking the element count: a zero crashes it.
            if (dims[i] <= 0) {
                throw fail("tensor '" + name + "' has dimension " + i + " of size " + Long.toUnsignedString(dims[i])
                        + "; every dimension must be at least 1");
            }
            try {
                elements = Math.multiplyExact(elements, dims[i]);
            } catch (ArithmeticException e) {
                throw fail("tensor '" + name + "' has shape " + unsignedText(dims, i + 1)
                        + ", more values than a 64-bit count holds");
            }
        }
        long typeId = u32();
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> fail("tensor '" + name + "' has ggml type "
                + GgmlType.describeId(typeId) + ", which llama.cpp b4916 does not load"));
        long rowLength = nDims == 0 ? 1 : dims[0];
        if (rowLength % type.blockSize() != 0) {
            throw fail("tensor '" + name + "' of type " + type + " has rows of " + rowLength
                    + " values, not a multiple of its block size " + type.blockSize());
        }
        long byteSize;
        try {
            byteSize = type.byteSize(elements);
        } catch (ArithmeticException e) {
            throw fail("tensor '" + name + "' is larger than 2^63 bytes");
        }
        long offset = u64();
        if (offset < 0 || offset % alignment != 0) {
            throw fail("tensor '" + name + "' has data offset " + Long.toUnsignedString(offset)
                    + ", not a multiple of the alignment " + alignment);
        }
        return new TensorInfo(name, type, dims, offset, byteSize);
    }

    /**
     * The tensors' data must lie inside the file, must not overlap, and, for llama.cpp b4916,
     * must follow each other in table order, each padded to the alignment.
     */
    private void checkData(List<TensorInfo> tensors, long dataStart, int alignment) {
        context = "the tensor data";
        for (TensorInfo t : tensors) {
            long end = dataStart + t.offset() + t.byteSize(); // each term < 2^63 and the start < 2^31
            if (end < 0 || end > fileSize) {
                throw fail("is truncated or corrupt: tensor '" + t.name() + "' (" + t.type() + " " + t.shapeText()
                        + ") needs bytes up to " + (end < 0 ? "beyond 2^63" : Long.toString(end))
                        + " but the file has only " + fileSize);
            }
        }
        List<TensorInfo> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(TensorInfo::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            TensorInfo prev = byOffset.get(i - 1);
            TensorInfo next = byOffset.get(i);
            if (next.offset() < prev.offset() + prev.byteSize()) {
                throw fail("tensors '" + prev.name() + "' (bytes " + prev.offset() + " to "
                        + (prev.offset() + prev.byteSize()) + " of the data section) and '" + next.name()
                        + "' (from byte " + next.offset() + ") overlap");
            }
        }
        long expected = 0;
        for (TensorInfo t : tensors) {
            if (t.offset() != expected) {
                throw fail("tensor '" + t.name() + "' starts at byte " + t.offset() + " of the data section"
                        + " where llama.cpp b4916 requires " + expected + ": it needs the tensors stored in"
                        + " table order, each padded to the alignment " + alignment);
            }
            expected += alignUp(t.byteSize(), alignment);
        }
    }

    // ---- primitive reads, each checked against the end of the file

    private long remaining() {
        return fileSize - buf.position();
    }

    private void need(long n) {
        if (n > buf.remaining()) {
            if (buf.limit() < fileSize) {
                throw fail("has a header larger than the " + buf.limit() + " bytes this reader maps");
            }
            throw fail("is truncated: it ends at byte " + fileSize + ", inside " + context);
        }
    }

    private void skip(long n) {
        buf.position(buf.position() + (int) n);
    }

    private int u8() {
        need(1);
        return buf.get() & 0xFF;
    }

    private int u16() {
        need(2);
        return buf.getShort() & 0xFFFF;
    }

    private long u32() {
        need(4);
        return buf.getInt() & 0xFFFF_FFFFL;
    }

    private long u64() {
        need(8);
        return buf.getLong();
    }

    private boolean bool() {
        int b = u8();
        if (b > 1) {
            // C++ reads the byte into a bool: anything but 0 or 1 is undefined behaviour there.
            throw fail(context + " holds a bool of value " + b + "; only 0 and 1 are valid");
        }
        return b == 1;
    }

    private String readString() {
        long len = u64();
        long left = remaining();
        if (len < 0 || len > left) {
            throw fail("has a string of length " + Long.toUnsignedString(len) + " in " + context
                    + " that runs past the end of the file (" + left + " bytes left): the file is truncated"
                    + " or corrupt");
        }
        need(len);
        byte[] bytes = new byte[(int) len];
        buf.get(bytes);
        return decodeUtf8(bytes);
    }

    /**
     * GGUF strings are UTF-8. llama.cpp does not check that; neither does this reader, beyond
     * replacing invalid sequences with U+FFFD so that one bad token cannot stop a whole model.
     */
    private static String decodeUtf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static long alignUp(long n, long alignment) {
        return (n + alignment - 1) / alignment * alignment;
    }

    private BadInputException fail(String what) {
        return new BadInputException(file + ": " + what);
    }

    /** Bytes as text, printable ASCII as is and everything else as \xNN. */
    static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02X", c));
            }
        }
        return sb.toString();
    }

    private static boolean looksLikeText(byte[] bytes) {
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static String unsignedText(long[] dims, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(Long.toUnsignedString(dims[i]));
        }
        return sb.append(']').toString();
    }
}
