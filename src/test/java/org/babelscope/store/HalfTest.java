package org.babelscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfTest {

    private static void assertHalf(int expected, float f) {
        assertEquals(expected, Half.fromFloat(f) & 0xFFFF,
                () -> "half of " + f + " (bits " + Integer.toHexString(Float.floatToRawIntBits(f)) + ")");
    }

    @Test
    void knownValuesToHalf() {
        assertHalf(0x3C00, 1.0f);
        assertHalf(0xBC00, -1.0f);
        assertHalf(0x4000, 2.0f);
        assertHalf(0x3555, 1f / 3f);
        assertHalf(0x7BFF, 65504f); // largest finite half
        assertHalf(0x0400, 6.1035156e-5f); // smallest normal, 2^-14
        assertHalf(0x03FF, 6.097555e-5f); // largest subnormal
        assertHalf(0x0001, 5.9604645e-8f); // smallest subnormal, 2^-24
        assertHalf(0x0000, 0f);
        assertHalf(0x8000, -0f);
        assertHalf(0x7C00, Float.POSITIVE_INFINITY);
        assertHalf(0xFC00, Float.NEGATIVE_INFINITY);
        assertHalf(0x7C00, 1e10f); // overflow
        assertHalf(0x0000, 1e-10f); // underflow
        assertHalf(0x8000, -1e-10f);
    }

    @Test
    void roundsToNearestEven() {
        // Between 1 and the next half (1 + 2^-10): the midpoint ties to the even 1.0...
        assertHalf(0x3C00, 1f + 0x1p-11f);
        // ...just above it goes up, just below stays.
        assertHalf(0x3C01, Math.nextUp(1f + 0x1p-11f));
        assertHalf(0x3C00, Math.nextDown(1f + 0x1p-11f));
        // The midpoint between 1 + 2^-10 (odd) and 1 + 2^-9 (even) rounds up to even.
        assertHalf(0x3C02, 1f + 0x1p-10f + 0x1p-11f);
        // 65520 is the midpoint between 65504 and 2^16: ties to even, which is infinity.
        assertHalf(0x7C00, 65520f);
        assertHalf(0x7BFF, Math.nextDown(65520f));
        // 2^-25 is the midpoint between 0 and the smallest subnormal: ties to even zero.
        assertHalf(0x0000, 0x1p-25f);
        assertHalf(0x0001, Math.nextUp(0x1p-25f));
        // 1.5 * 2^-24 is between subnormals 1 (odd) and 2: ties to 2.
        assertHalf(0x0002, 1.5f * 0x1p-24f);
        // Rounding carries from the largest subnormal into the smallest normal.
        assertHalf(0x0400, 0x3FFp-24f + 0x1p-25f);
    }

    @Test
    void knownValuesToFloat() {
        assertEquals(1.0f, Half.toFloat((short) 0x3C00));
        assertEquals(65504f, Half.toFloat((short) 0x7BFF));
        assertEquals(0x1p-14f, Half.toFloat((short) 0x0400));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001));
        assertEquals(0x3FFp-24f, Half.toFloat((short) 0x03FF));
        assertEquals(-2.0f, Half.toFloat((short) 0xC000));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Half.toFloat((short) 0x8000)));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, Half.toFloat((short) 0xFC00));
        assertTrue(Float.isNaN(Half.toFloat((short) 0x7E00)));
        assertTrue(Float.isNaN(Half.toFloat((short) 0x7C01)));
        assertTrue(Float.isNaN(Half.toFloat((short) 0xFFFF)));
    }

    @Test
    void everyHalfRoundTrips() {
        for (int h = 0; h <= 0xFFFF; h++) {
            float f = Half.toFloat((short) h);
            int back = Half.fromFloat(f) & 0xFFFF;
            boolean nan = (h & 0x7C00) == 0x7C00 && (h & 0x03FF) != 0;
            if (nan) {
                assertTrue(Float.isNaN(f), "half " + Integer.toHexString(h) + " should be NaN");
                assertTrue((back & 0x7C00) == 0x7C00 && (back & 0x03FF) != 0, "NaN stays NaN: " + Integer.toHexString(h));
                assertEquals(h & 0x8000, back & 0x8000, "NaN sign");
            } else {
                assertEquals(h, back, "half " + Integer.toHexString(h) + " -> " + f + " -> " + Integer.toHexString(back));
            }
        }
    }

    @Test
    void toFloatIsExactAgainstTheDefinition() {
        for (int h = 0; h < 0x7C00; h++) {
            int exp = h >>> 10;
            int mant = h & 0x3FF;
            double expected = exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
            assertEquals(expected, Half.toFloat((short) h), 0.0, "half " + Integer.toHexString(h));
            assertEquals(-expected, Half.toFloat((short) (h | 0x8000)), 0.0);
        }
    }

    /** Every midpoint between adjacent halves, and the floats on either side of it. */
    @Test
    void midpointsAndNeighboursMatchExactReference() {
        for (int h = 0; h < 0x7C00; h++) {
            double lo = Half.toFloat((short) h);
            double hi = h == 0x7BFF ? 65536.0 : Half.toFloat((short) (h + 1));
            float mid = (float) ((lo + hi) / 2); // exact: one bit more than a half has
            for (float f : new float[] {mid, Math.nextUp(mid), Math.nextDown(mid)}) {
                assertHalf(reference(f), f);
                assertHalf(reference(-f) , -f);
            }
        }
    }

    @Test
    void randomFloatsMatchExactReference() {
        Random r = new Random(42);
        for (int k = 0; k < 200_000; k++) {
            // Exponents concentrated on the half range, where rounding matters.
            float f = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(45) - 28));
            assertHalf(reference(f), f);
        }
    }

    /** The nearest half (ties to even), found by exact decimal comparison; 2^16 stands for infinity. */
    private static int reference(float f) {
        int sign = f < 0 || (f == 0 && 1 / f < 0) ? 0x8000 : 0;
        BigDecimal x = new BigDecimal(Math.abs((double) f));
        // Largest h in [0, 0x7C00] with value(h) <= x; halves are ordered like their bit patterns.
        int lo = 0;
        int hi = 0x7C00;
        if (x.compareTo(value(0x7C00)) >= 0) {
            return sign | 0x7C00;
        }
        while (lo < hi) {
            int m = (lo + hi + 1) >>> 1;
            if (value(m).compareTo(x) <= 0) {
                lo = m;
            } else {
                hi = m - 1;
            }
        }
        BigDecimal below = x.subtract(value(lo));
        BigDecimal above = value(lo + 1).subtract(x);
        int c = below.compareTo(above);
        int best = c < 0 ? lo : c > 0 ? lo + 1 : ((lo & 1) == 0 ? lo : lo + 1);
        return sign | best;
    }

    private static BigDecimal value(int h) {
        return h == 0x7C00 ? new BigDecimal(65536) : new BigDecimal((double) Half.toFloat((short) h));
    }
}
