package org.babelscope.store;

/**
 * IEEE 754 binary16 ("half", NumPy float16) conversion. Java 17 has no
 * {@code Float.float16ToFloat}, so it is done by hand on the bit patterns. Conversion to half
 * rounds to nearest, ties to even, like NumPy and the hardware instructions; NaN payloads keep
 * their top bits, as NumPy does.
 */
public final class Half {
    private static final int F_SIGN = 0x8000_0000;
    private static final int H_EXP_MASK = 0x7C00;
    private static final int H_MANT_MASK = 0x03FF;
    /** The quiet bit of a half NaN, set when truncating a float NaN would leave no payload (it would read as infinity). */
    private static final int H_QUIET = 0x0200;
    /** 2^-24, the value of the smallest half subnormal. */
    private static final float SUBNORMAL_UNIT = 0x1p-24f;

    private Half() {
    }

    /** The float32 value of the half bit pattern {@code h}; exact, as every half is a float. */
    public static float toFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits & H_EXP_MASK) >>> 10;
        int mant = bits & H_MANT_MASK;
        if (exp == 0) {
            // Zero or subnormal: mant * 2^-24, exact in float32 (a power-of-two scaling of an int < 1024).
            float magnitude = mant * SUBNORMAL_UNIT;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exp == 0x1F) {
            // Infinity (mant == 0) or NaN with its payload moved to the top of the float mantissa.
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        }
        // Normal: rebias the exponent from 15 to 127 and widen the mantissa.
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** The half bit pattern nearest to {@code f} (ties to even); overflow gives infinity. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits & F_SIGN) >>> 16;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7F_FFFF;

        if (exp == 0xFF) {
            if (mant == 0) {
                return (short) (sign | H_EXP_MASK);
            }
            int payload = mant >>> 13;
            return (short) (sign | H_EXP_MASK | (payload == 0 ? H_QUIET : payload));
        }
        int e = exp - 127 + 15; // the half's biased exponent, if the value is a half normal
        if (e >= 0x1F) {
            return (short) (sign | H_EXP_MASK); // |f| >= 2^16: beyond rounding range, infinity
        }
        if (e <= 0) {
            // Half subnormal or zero. Below 2^-25 everything rounds to zero; 2^-25 itself is a tie
            // with zero (even) and is handled by the general rounding below.
            if (e < -10) {
                return (short) sign;
            }
            int full = mant | 0x80_0000; // restore the implicit leading one
            int shift = 14 - e; // from units of 2^(exp-150) to units of 2^-24
            return (short) (sign | roundShift(full, shift));
        }
        // Normal: drop 13 mantissa bits with rounding; a carry out of the mantissa correctly bumps
        // the exponent, up to infinity (0x7C00) for values at or above 65520.
        int h = (e << 10) | (mant >>> 13);
        return (short) (sign | roundUp(h, mant & 0x1FFF, 0x1000));
    }

    /** {@code value >> shift}, rounded to nearest with ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        return roundUp(kept, rest, 1 << (shift - 1));
    }

    /** Adds one to {@code kept} when the dropped {@code rest} is over half, or exactly half and {@code kept} is odd. */
    private static int roundUp(int kept, int rest, int halfway) {
        if (rest > halfway || (rest == halfway && (kept & 1) != 0)) {
            return kept + 1;
        }
        return kept;
    }
}
