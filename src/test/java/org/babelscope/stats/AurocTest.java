package org.babelscope.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** AUROC as the Mann–Whitney statistic, ties counted half, on hand-worked cases. */
class AurocTest {
    @Test
    void tiesCountHalf() {
        // positives 0.9, 0.8, 0.5; negatives 0.8, 0.5, 0.2. Pairs won by the positive:
        // 0.9: 3; 0.8: 0.5 (tie) + 1 + 1 = 2.5; 0.5: 0 + 0.5 (tie) + 1 = 1.5 -> 7 of 9.
        Auroc.Result r = Auroc.of(new double[] {0.9, 0.8, 0.8, 0.5, 0.5, 0.2},
                new boolean[] {true, true, false, true, false, false});
        assertEquals(7.0 / 9, r.auroc(), 1e-12);
        assertEquals(3, r.positives());
        assertEquals(3, r.negatives());
    }

    @Test
    void binaryScores() {
        // A 0/1 score (DALI): positives 1,1,0; negatives 1,0,0,0.
        // 1 vs {1,0,0,0}: 0.5+3 = 3.5 (twice) ; 0 vs {1,0,0,0}: 0 + 1.5 -> (3.5+3.5+1.5)/12
        Auroc.Result r = Auroc.of(new double[] {1, 1, 0, 1, 0, 0, 0},
                new boolean[] {true, true, true, false, false, false, false});
        assertEquals(8.5 / 12, r.auroc(), 1e-12);
    }

    @Test
    void extremes() {
        boolean[] labels = {true, false, true, false};
        assertEquals(1.0, Auroc.of(new double[] {3, 1, 4, 2}, labels).auroc(), 0);
        assertEquals(0.0, Auroc.of(new double[] {1, 3, 2, 4}, labels).auroc(), 0);
        assertEquals(0.5, Auroc.of(new double[] {7, 7, 7, 7}, labels).auroc(), 0);
        assertTrue(Double.isNaN(Auroc.of(new double[] {1, 2}, new boolean[] {true, true}).auroc()));
    }
}
