package org.babelscope.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.babelscope.compute.OptionBlocks;
import org.junit.jupiter.api.Test;

/** DALI and DALI_S on hand-worked option blocks (the numbers are cosines chosen by hand). */
class DaliScoresTest {

    /** Packs per-item K x K blocks into the kernel's layout. */
    private static OptionBlocks blocks(double[][][] cross, double[][][] pivotSelf, double[][][] targetSelf) {
        int n = cross.length;
        int k = cross[0].length;
        return new OptionBlocks(n, k, flat(cross), pivotSelf == null ? null : flat(pivotSelf),
                targetSelf == null ? null : flat(targetSelf));
    }

    private static float[] flat(double[][][] b) {
        int n = b.length;
        int k = b[0].length;
        float[] out = new float[n * k * k];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < k; o++) {
                for (int p = 0; p < k; p++) {
                    out[(i * k + o) * k + p] = (float) b[i][o][p];
                }
            }
        }
        return out;
    }

    /** A symmetric same-side block with ones on the diagonal and {@code off} elsewhere. */
    private static double[][] selfBlock(int k, double off) {
        double[][] b = new double[k][k];
        for (int o = 0; o < k; o++) {
            for (int p = 0; p < k; p++) {
                b[o][p] = o == p ? 1.0 : off;
            }
        }
        return b;
    }

    @Test
    void twoOptionsPassDaliButFailStrictWhenThePivotOptionsAreCloserToEachOther() {
        // min matched = 0.8, max mismatched = 0.3: DALI = 1, margin 0.5.
        // The pivot's two options are 0.85 apart > 0.8: DALI_S = 0.
        // Item 1: matched 0.4 and 0.7, mismatched 0.45: DALI = 0 (0.4 < 0.45), margin -0.05.
        double[][][] cross = {{{0.9, 0.3}, {0.2, 0.8}}, {{0.4, 0.45}, {0.1, 0.7}}};
        OptionBlocks b = blocks(cross, new double[][][] {selfBlock(2, 0.85), selfBlock(2, 0.2)},
                new double[][][] {selfBlock(2, 0.5), selfBlock(2, 0.3)});
        DaliScores s = DaliScores.of(b);
        assertTrue(s.dali(0));
        assertFalse(s.daliStrict(0));
        assertEquals(0.5, s.margin(0), 1e-6);
        assertFalse(s.dali(1));
        assertFalse(s.daliStrict(1));
        assertEquals(-0.05, s.margin(1), 1e-6);
        assertEquals(0.5, s.daliRate(), 0.0);
        assertEquals(0.0, s.strictRate(), 0.0);
    }

    @Test
    void threeOptionsWhereEveryMatchedPairWinsItsRowButNotEveryMismatchedPair() {
        // Row by row each matched pair is the best of its row (0.9 > 0.5, 0.75 > 0.7, 0.6 > 0.3),
        // and of its column too, but the weakest matched pair (0.6) loses to the mismatched 0.7 of
        // row 1: DALI compares globally, so it fails with margin 0.6 - 0.7 = -0.1.
        double[][][] cross = {{{0.9, 0.5, 0.4}, {0.7, 0.75, 0.1}, {0.2, 0.3, 0.6}}};
        DaliScores s = DaliScores.of(blocks(cross, null, null));
        assertFalse(s.dali(0));
        assertEquals(-0.1, s.margin(0), 1e-6);
        assertFalse(s.hasStrict());
    }

    @Test
    void threeOptionsPassingEverything() {
        // min matched 0.6 > max mismatched 0.55 > every same-side pair (0.5, 0.58).
        double[][][] cross = {{{0.9, 0.5, 0.4}, {0.55, 0.75, 0.1}, {0.2, 0.3, 0.6}}};
        DaliScores s = DaliScores.of(blocks(cross, new double[][][] {selfBlock(3, 0.5)},
                new double[][][] {selfBlock(3, 0.58)}));
        assertTrue(s.dali(0));
        assertTrue(s.daliStrict(0));
        assertEquals(0.05, s.margin(0), 1e-6);
    }

    @Test
    void fourOptionsWithTiesAndOneSameSidePairAboveTheWeakestMatch() {
        double[][][] cross = new double[3][][];
        // Item 0: diagonal 0.8 0.9 0.85 0.7, every mismatched pair 0.65 at most: DALI = 1 (margin
        // 0.05); the target's options 1 and 3 are 0.72 apart > 0.7: DALI_S = 0.
        cross[0] = new double[][] {{0.8, 0.1, 0.2, 0.65}, {0.3, 0.9, 0.0, -0.2}, {0.1, 0.4, 0.85, 0.6}, {0.5, 0.2, 0.3, 0.7}};
        // Item 1: the same but the same-side pairs stay below 0.7: DALI_S = 1.
        cross[1] = cross[0];
        // Item 2: a mismatched pair equal to the weakest matched one: a tie is not a win.
        cross[2] = new double[][] {{0.8, 0.1, 0.2, 0.7}, {0.3, 0.9, 0.0, -0.2}, {0.1, 0.4, 0.85, 0.6}, {0.5, 0.2, 0.3, 0.7}};
        double[][] targetSelf0 = selfBlock(4, 0.1);
        targetSelf0[1][3] = 0.72;
        targetSelf0[3][1] = 0.72;
        OptionBlocks b = blocks(cross, new double[][][] {selfBlock(4, 0.6), selfBlock(4, 0.69), selfBlock(4, 0.0)},
                new double[][][] {targetSelf0, selfBlock(4, 0.69), selfBlock(4, 0.0)});
        DaliScores s = DaliScores.of(b);
        assertTrue(s.dali(0));
        assertFalse(s.daliStrict(0));
        assertEquals(0.05, s.margin(0), 1e-6);
        assertTrue(s.dali(1));
        assertTrue(s.daliStrict(1));
        assertFalse(s.dali(2));
        assertFalse(s.daliStrict(2));
        assertEquals(0.0, s.margin(2), 0.0);
        assertEquals(2.0 / 3, s.daliRate(), 1e-12);
        assertEquals(1.0 / 3, s.strictRate(), 1e-12);
    }
}
