package org.babelscope.model.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One GGUF metadata value: a scalar of one of the {@link GgufType}s, or an array of scalars of
 * one type (GGUF allows arrays of arrays, llama.cpp does not, so neither does this class).
 *
 * <p>Integers of every width are held as {@code long} (u64 as its bit pattern, so values of
 * 2^63 and above read back negative from {@link #asLong()}); f32 as {@code float}, f64 as
 * {@code double}. Arrays hand out copies. Values are immutable and compare by content, so a
 * metadata value read from one file can be written unchanged into another.
 */
public final class GgufValue {
    private final GgufType type;
    private final GgufType elementType; // the element type of an array, else null
    private final Object value; // Long, Float, Double, Boolean, String, or long[], float[], double[], boolean[], String[]

    private GgufValue(GgufType type, GgufType elementType, Object value) {
        this.type = type;
        this.elementType = elementType;
        this.value = value;
    }

    // ---- scalars

    /** An integer of the given type; {@code value} must be in that type's range (any long for u64). */
    public static GgufValue integer(GgufType type, long value) {
        requireIntegerType(type);
        checkRange(type, value);
        return new GgufValue(type, null, value);
    }

    public static GgufValue u32(long value) {
        return integer(GgufType.UINT32, value);
    }

    public static GgufValue i32(int value) {
        return integer(GgufType.INT32, value);
    }

    public static GgufValue u64(long value) {
        return integer(GgufType.UINT64, value);
    }

    public static GgufValue i64(long value) {
        return integer(GgufType.INT64, value);
    }

    public static GgufValue f32(float value) {
        return new GgufValue(GgufType.FLOAT32, null, value);
    }

    public static GgufValue f64(double value) {
        return new GgufValue(GgufType.FLOAT64, null, value);
    }

    public static GgufValue bool(boolean value) {
        return new GgufValue(GgufType.BOOL, null, value);
    }

    public static GgufValue string(String value) {
        return new GgufValue(GgufType.STRING, null, Objects.requireNonNull(value, "value"));
    }

    // ---- arrays

    /** An array of integers of the given element type, each in its range. */
    public static GgufValue integerArray(GgufType elementType, long... values) {
        requireIntegerType(elementType);
        for (long v : values) {
            checkRange(elementType, v);
        }
        return new GgufValue(GgufType.ARRAY, elementType, values.clone());
    }

    public static GgufValue i32Array(int... values) {
        return new GgufValue(GgufType.ARRAY, GgufType.INT32, Arrays.stream(values).asLongStream().toArray());
    }

    public static GgufValue f32Array(float... values) {
        return new GgufValue(GgufType.ARRAY, GgufType.FLOAT32, values.clone());
    }

    public static GgufValue f64Array(double... values) {
        return new GgufValue(GgufType.ARRAY, GgufType.FLOAT64, values.clone());
    }

    public static GgufValue boolArray(boolean... values) {
        return new GgufValue(GgufType.ARRAY, GgufType.BOOL, values.clone());
    }

    public static GgufValue stringArray(String... values) {
        for (String s : values) {
            Objects.requireNonNull(s, "array element");
        }
        return new GgufValue(GgufType.ARRAY, GgufType.STRING, values.clone());
    }

    /** Wraps arrays the parser built, without copying them again. */
    static GgufValue ofParsedArray(GgufType elementType, Object array) {
        return new GgufValue(GgufType.ARRAY, elementType, array);
    }

    // ---- access

    /** The value's type; {@link GgufType#ARRAY} for arrays. */
    public GgufType type() {
        return type;
    }

    public boolean isArray() {
        return type == GgufType.ARRAY;
    }

    /** The type of an array's elements. */
    public GgufType elementType() {
        requireArray();
        return elementType;
    }

    /** The number of elements of an array. */
    public int size() {
        requireArray();
        return java.lang.reflect.Array.getLength(value);
    }

    /** An integer scalar of any width (u64 as its bit pattern). */
    public long asLong() {
        if (!type.isInteger()) {
            throw wrongType("an integer");
        }
        return (Long) value;
    }

    public float asFloat() {
        if (type != GgufType.FLOAT32) {
            throw wrongType("f32");
        }
        return (Float) value;
    }

    /** An f32 or f64 scalar. */
    public double asDouble() {
        if (type == GgufType.FLOAT32) {
            return (Float) value;
        }
        if (type != GgufType.FLOAT64) {
            throw wrongType("f32 or f64");
        }
        return (Double) value;
    }

    public boolean asBool() {
        if (type != GgufType.BOOL) {
            throw wrongType("bool");
        }
        return (Boolean) value;
    }

    public String asString() {
        if (type != GgufType.STRING) {
            throw wrongType("string");
        }
        return (String) value;
    }

    /** The elements of an integer array of any width. */
    public long[] longArray() {
        requireArrayOf(elementType != null && elementType.isInteger(), "integers");
        return ((long[]) value).clone();
    }

    public float[] floatArray() {
        requireArrayOf(elementType == GgufType.FLOAT32, "f32");
        return ((float[]) value).clone();
    }

    public double[] doubleArray() {
        requireArrayOf(elementType == GgufType.FLOAT64, "f64");
        return ((double[]) value).clone();
    }

    public boolean[] boolArray() {
        requireArrayOf(elementType == GgufType.BOOL, "bool");
        return ((boolean[]) value).clone();
    }

    public String[] stringArray() {
        requireArrayOf(elementType == GgufType.STRING, "strings");
        return ((String[]) value).clone();
    }

    /** The backing array without a copy, for the writer and the file's own getters. */
    Object rawArray() {
        requireArray();
        return value;
    }

    /** A short description of the type, e.g. {@code u32} or {@code array of string}. */
    public String typeName() {
        return isArray() ? "array of " + elementType : type.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufValue other) || type != other.type || elementType != other.elementType) {
            return false;
        }
        return Objects.deepEquals(value, other.value);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(type, elementType);
        return 31 * h + Arrays.deepHashCode(new Object[] {value});
    }

    @Override
    public String toString() {
        if (!isArray()) {
            if (type == GgufType.UINT64) {
                return "u64 " + Long.toUnsignedString((Long) value);
            }
            return type == GgufType.STRING ? "string \"" + value + "\"" : type + " " + value;
        }
        String elements = switch (elementType) {
            case FLOAT32 -> Arrays.toString((float[]) value);
            case FLOAT64 -> Arrays.toString((double[]) value);
            case BOOL -> Arrays.toString((boolean[]) value);
            case STRING -> Arrays.toString((String[]) value);
            default -> Arrays.toString((long[]) value);
        };
        if (elements.length() > 80) {
            elements = elements.substring(0, 76) + " ...";
        }
        return "array of " + size() + " " + elementType + " " + elements;
    }

    /** A scalar integer's value for messages, u64 shown unsigned. */
    String integerText() {
        return type == GgufType.UINT64 ? Long.toUnsignedString((Long) value) : Long.toString((Long) value);
    }

    private void requireArray() {
        if (!isArray()) {
            throw wrongType("an array");
        }
    }

    private void requireArrayOf(boolean ok, String what) {
        if (!isArray() || !ok) {
            throw wrongType("an array of " + what);
        }
    }

    private IllegalStateException wrongType(String wanted) {
        return new IllegalStateException("value is " + typeName() + ", not " + wanted);
    }

    private static void requireIntegerType(GgufType type) {
        if (!type.isInteger()) {
            throw new IllegalArgumentException(type + " is not an integer type");
        }
    }

    private static void checkRange(GgufType type, long v) {
        boolean ok = switch (type) {
            case UINT8 -> v >= 0 && v <= 0xFF;
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case UINT16 -> v >= 0 && v <= 0xFFFF;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true; // u64 (as bits) and i64 take any long
        };
        if (!ok) {
            throw new IllegalArgumentException(v + " is out of range for " + type);
        }
    }
}
