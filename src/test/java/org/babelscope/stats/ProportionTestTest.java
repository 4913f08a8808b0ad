package org.babelscope.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one-sided two-proportion z-test on hand-worked cases. */
class ProportionTestTest {
    @Test
    void handWorked() {
        // 8/10 vs 3/10: pooled p = 11/20 = 0.55, se = sqrt(0.55*0.45*(1/10+1/10)) = sqrt(0.0495),
        // z = 0.5/sqrt(0.0495) = 2.2473328748774732; p = 1 - Φ(z) = 0.012309380690407596
        // (scipy: stats.norm.sf(2.2473328748774732)).
        ProportionTest.Result r = ProportionTest.oneSided(8, 10, 3, 10);
        assertEquals(0.5 / Math.sqrt(0.0495), r.z(), 1e-12);
        assertEquals(2.2473328748774732, r.z(), 1e-12);
        assertEquals(0.012309380690407596, r.p(), 1e-12);
        assertEquals(0.8, r.p1(), 0);
        assertEquals(0.3, r.p2(), 0);
    }

    @Test
    void unequalGroupsAndTheOtherDirection() {
        // 6/8 vs 2/5: pooled 8/13, z = 0.35/sqrt(8/13*5/13*(1/8+1/5)) = 1.2619429464123961, p = 0.1034846584594063
        ProportionTest.Result r = ProportionTest.oneSided(6, 8, 2, 5);
        assertEquals(0.35 / Math.sqrt(8.0 / 13 * 5.0 / 13 * (1.0 / 8 + 1.0 / 5)), r.z(), 1e-12);
        assertEquals(0.1034846584594063, r.p(), 1e-12);
        // 1/4 vs 3/4: pooled 0.5, se = sqrt(0.25*0.5) , z = -0.5/sqrt(0.125) = -sqrt(2); one-sided p = Φ(√2) = 0.9213503964748574
        ProportionTest.Result down = ProportionTest.oneSided(1, 4, 3, 4);
        assertEquals(-Math.sqrt(2), down.z(), 1e-12);
        assertEquals(0.9213503964748574, down.p(), 1e-12);
    }

    @Test
    void noVarianceOrEmptyGroupIsNaN() {
        assertTrue(Double.isNaN(ProportionTest.oneSided(5, 5, 3, 3).z()));
        assertTrue(Double.isNaN(ProportionTest.oneSided(0, 5, 0, 3).p()));
        assertTrue(Double.isNaN(ProportionTest.oneSided(2, 5, 0, 0).z()));
        assertThrows(IllegalArgumentException.class, () -> ProportionTest.oneSided(6, 5, 0, 3));
    }
}
