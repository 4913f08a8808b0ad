package org.babelscope.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.babelscope.BadInputException;

/**
 * The NumPy .npy format (numpy/lib/format.py): a magic string, a version, a header length, then a
 * Python-dict header with 'descr', 'fortran_order' and 'shape', then the raw array data. Versions
 * 1.0, 2.0 and 3.0 are read; 1.0 is written, byte-for-byte as {@code numpy.save} writes it, so the
 * data of every file starts on a 64-byte boundary and Python can memory-map it.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic, two version bytes, and the header length (2 bytes in v1.0, 4 in v2.0 and v3.0). */
    private static final int PREFIX_V1 = 10;
    private static final int PREFIX_V2 = 12;
    /** numpy's ARRAY_ALIGN: prefix plus header is padded to a multiple of this. */
    private static final int ALIGN = 64;
    /**
     * numpy's GROWTH_AXIS_MAX_DIGITS: numpy leaves room after the dict for the first axis to grow
     * to 21 digits, so that appending to a file can rewrite the header in place. Copied here so
     * that our headers are identical to numpy's.
     */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Sanity bound on a header we are asked to read; numpy's own limit is 10000 by default. */
    private static final long MAX_HEADER_BYTES = 1 << 20;

    private Npy() {
    }

    /**
     * Reads and checks the header of {@code file}: a known version, a float32 or float16
     * little-endian dtype, C order, and a file length that matches the shape exactly.
     */
    public static NpyHeader readHeader(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory, not a NumPy .npy file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(ch, file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("NumPy file " + file + " does not exist", e);
        }
    }

    private static NpyHeader readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        ByteBuffer prefix = readFully(ch, 0, (int) Math.min(size, PREFIX_V2));
        if (prefix.limit() < PREFIX_V1 || !hasMagic(prefix)) {
            throw new BadInputException(file + " is not a NumPy .npy file (it does not start with \\x93NUMPY)");
        }
        int major = prefix.get(6) & 0xFF;
        int minor = prefix.get(7) & 0xFF;
        long headerLength;
        int prefixLength;
        if (major == 1) {
            prefixLength = PREFIX_V1;
            headerLength = prefix.getShort(8) & 0xFFFF;
        } else if (major == 2 || major == 3) {
            prefixLength = PREFIX_V2;
            if (prefix.limit() < PREFIX_V2) {
                throw new BadInputException(file + " is truncated inside its .npy header");
            }
            headerLength = prefix.getInt(8) & 0xFFFF_FFFFL;
        } else {
            throw new BadInputException(file + " has .npy format version " + major + "." + minor
                    + "; versions 1.0, 2.0 and 3.0 are supported");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new BadInputException(file + " claims a .npy header of " + headerLength
                    + " bytes; it is corrupt or not an array of floats");
        }
        long dataOffset = prefixLength + headerLength;
        if (dataOffset > size) {
            throw new BadInputException(file + " is truncated inside its .npy header (" + size
                    + " bytes, the header ends at byte " + dataOffset + ")");
        }
        ByteBuffer raw = readFully(ch, prefixLength, (int) headerLength);
        // v1.0 and v2.0 headers are latin-1; v3.0 allows UTF-8 (for structured field names).
        String dict = new String(raw.array(), 0, raw.limit(),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = parseHeader(dict, dataOffset, file.toString());
        checkLength(header, size, file.toString());
        return header;
    }

    /**
     * Interprets the header dict text (without the binary prefix). {@code source} names the file in
     * messages.
     */
    static NpyHeader parseHeader(String dict, long dataOffset, String source) {
        Object parsed;
        try {
            parsed = PyLiteral.parse(dict);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + " has a corrupt .npy header (" + e.getMessage() + "): "
                    + abbreviate(dict), e);
        }
        if (!(parsed instanceof Map)) {
            throw new BadInputException(source + " has a corrupt .npy header (not a dictionary): " + abbreviate(dict));
        }
        Map<?, ?> map = (Map<?, ?>) parsed;
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!map.containsKey(key)) {
                throw new BadInputException(source + " has a corrupt .npy header (no '" + key + "'): " + abbreviate(dict));
            }
        }
        Dtype dtype = dtype(map.get("descr"), source);
        if (!(map.get("fortran_order") instanceof Boolean)) {
            throw new BadInputException(source + " has a corrupt .npy header ('fortran_order' is "
                    + map.get("fortran_order") + ", not True or False)");
        }
        if ((Boolean) map.get("fortran_order")) {
            throw new BadInputException(source + " is stored in Fortran (column-major) order; only C order is"
                    + " supported: save numpy.ascontiguousarray(a) instead");
        }
        return new NpyHeader(dtype, shape(map.get("shape"), source), dataOffset);
    }

    private static Dtype dtype(Object descr, String source) {
        if (!(descr instanceof String)) {
            throw new BadInputException(source + " holds a structured array (descr " + descr
                    + "); only plain float32 ('<f4') and float16 ('<f2') arrays are supported");
        }
        return Dtype.fromDescr((String) descr).orElseThrow(() -> new BadInputException(source
                + " has dtype '" + descr + "'; only little-endian float32 ('<f4') and float16 ('<f2') are"
                + " supported: convert with a.astype('<f4') before numpy.save"));
    }

    private static long[] shape(Object value, String source) {
        if (!(value instanceof List)) {
            throw new BadInputException(source + " has a corrupt .npy header ('shape' is " + value + ", not a tuple)");
        }
        List<?> dims = (List<?>) value;
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            Object d = dims.get(i);
            if (!(d instanceof Long) || (Long) d < 0) {
                throw new BadInputException(source + " has a corrupt .npy header (shape " + value
                        + " has a dimension that is not a non-negative integer)");
            }
            shape[i] = (Long) d;
        }
        return shape;
    }

    private static void checkLength(NpyHeader header, long fileSize, String source) {
        long expected;
        try {
            expected = header.dataBytes();
        } catch (ArithmeticException e) {
            throw new BadInputException(source + " has shape " + header.shapeText() + ", too large to be real", e);
        }
        long found = fileSize - header.dataOffset();
        if (found < expected) {
            throw new BadInputException(source + " is truncated: expected " + expected + " bytes of data, found "
                    + found + " (shape " + header.shapeText() + ", dtype " + header.dtype().descr() + ")");
        }
        if (found > expected) {
            throw new BadInputException(source + " has " + found + " bytes of data, but shape " + header.shapeText()
                    + " " + header.dtype().descr() + " needs exactly " + expected
                    + "; the file is corrupt or was appended to");
        }
    }

    /**
     * The complete v1.0 header (prefix, dict, padding, newline) that numpy writes for a C-order
     * array of {@code dtype} and {@code shape}; the data follows directly.
     */
    public static byte[] headerBytes(Dtype dtype, long... shape) {
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(dtype.descr())
                .append("', 'fortran_order': False, 'shape': ").append(shapeText(shape)).append(", }");
        if (shape.length > 0) {
            // numpy: " " * (GROWTH_AXIS_MAX_DIGITS - len(repr(shape[0])))
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        // numpy's _wrap_header: pad with spaces, then '\n', so that the prefix plus header is a
        // multiple of ALIGN; padlen is 1..ALIGN, never 0.
        int withNewline = dict.length() + 1;
        int pad = ALIGN - (PREFIX_V1 + withNewline) % ALIGN;
        dict.append(" ".repeat(pad)).append('\n');
        int headerLength = dict.length();
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("shape " + shapeText(shape) + " needs a header over 65535 bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(PREFIX_V1 + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        out.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }

    /** A shape as Python's repr of a tuple: "()", "(3,)", "(2, 3, 4)". */
    static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    private static boolean hasMagic(ByteBuffer prefix) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads up to {@code length} bytes at {@code position}, stopping early only at end of file. */
    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                break;
            }
        }
        buf.flip();
        return buf;
    }

    private static String abbreviate(String dict) {
        String oneLine = dict.strip().replaceAll("[^\\x20-\\x7e]", "?");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
