package org.babelscope.model.gguf;

import java.util.Optional;

/** The value types of GGUF metadata, with the numbers the file format uses for them. */
public enum GgufType {
    UINT8(0, 1, "u8"),
    INT8(1, 1, "i8"),
    UINT16(2, 2, "u16"),
    INT16(3, 2, "i16"),
    UINT32(4, 4, "u32"),
    INT32(5, 4, "i32"),
    FLOAT32(6, 4, "f32"),
    BOOL(7, 1, "bool"),
    /** u64 byte length, then UTF-8 bytes (no terminator). */
    STRING(8, 8, "string"),
    /** u32 element type, u64 count, then the elements. */
    ARRAY(9, 12, "array"),
    UINT64(10, 8, "u64"),
    INT64(11, 8, "i64"),
    FLOAT64(12, 8, "f64");

    private static final GgufType[] BY_ID = values();

    private final int id;
    private final int minBytes;
    private final String shortName;

    GgufType(int id, int minBytes, String shortName) {
        this.id = id;
        this.minBytes = minBytes;
        this.shortName = shortName;
    }

    public int id() {
        return id;
    }

    /**
     * The fewest bytes one value of this type takes in a file (a string's length field, an empty
     * array's header); used to reject counts that cannot fit in what is left of a file.
     */
    int minBytes() {
        return minBytes;
    }

    /** True for the eight integer types. */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /** The type numbered {@code id} in files, if there is one. */
    public static Optional<GgufType> byId(long id) {
        // The enum constants are declared in id order, 0 to 12.
        return id >= 0 && id < BY_ID.length ? Optional.of(BY_ID[(int) id]) : Optional.empty();
    }

    /** The short name used in messages and in llama.cpp's logs: u32, f32, string... */
    @Override
    public String toString() {
        return shortName;
    }
}
