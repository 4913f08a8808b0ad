package org.babelscope.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pearson, Spearman and their p-values against scipy 1.17 (the commands are in the comments). */
class CorrelationsTest {
    private static final double[] X = {1.2, 2.4, 3.1, 4.8, 5.0, 6.7, 7.3};
    private static final double[] Y = {2.0, 1.9, 3.5, 3.9, 5.2, 4.8, 7.1};
    /** With ties in both vectors. */
    private static final double[] XT = {1, 2, 2, 3, 4, 4, 5};
    private static final double[] YT = {0.3, 0.1, 0.5, 0.5, 0.9, 0.7, 0.8};

    @Test
    void pearsonMatchesScipy() {
        // python3 -c "from scipy import stats; print(stats.pearsonr([1.2,2.4,3.1,4.8,5.0,6.7,7.3],[2.0,1.9,3.5,3.9,5.2,4.8,7.1]))"
        // PearsonRResult(statistic=0.9200326453992556, pvalue=0.0033256174480642215)
        Correlations.Result r = Correlations.pearson(X, Y);
        assertEquals(7, r.n());
        assertEquals(0.9200326453992556, r.r(), 1e-12);
        assertEquals(0.0033256174480642215, r.p(), 1e-12);
        assertNull(r.note());
    }

    @Test
    void spearmanMatchesScipy() {
        // python3 -c "from scipy import stats; print(stats.spearmanr([1.2,2.4,3.1,4.8,5.0,6.7,7.3],[2.0,1.9,3.5,3.9,5.2,4.8,7.1]))"
        // SignificanceResult(statistic=0.9285714285714288, pvalue=0.0025194724037946887)
        Correlations.Result r = Correlations.spearman(X, Y);
        assertEquals(0.9285714285714288, r.r(), 1e-12);
        assertEquals(0.0025194724037946887, r.p(), 1e-12);
    }

    @Test
    void withTiesMatchesScipy() {
        // python3 -c "from scipy import stats; print(stats.pearsonr([1,2,2,3,4,4,5],[0.3,0.1,0.5,0.5,0.9,0.7,0.8]))"
        // PearsonRResult(statistic=0.8358246194095852, pvalue=0.019160978011295272)
        Correlations.Result p = Correlations.pearson(XT, YT);
        assertEquals(0.8358246194095852, p.r(), 1e-12);
        assertEquals(0.019160978011295272, p.p(), 1e-12);
        // python3 -c "from scipy import stats; print(stats.spearmanr([1,2,2,3,4,4,5],[0.3,0.1,0.5,0.5,0.9,0.7,0.8]))"
        // SignificanceResult(statistic=0.8532469179729296, pvalue=0.014618256267642514)
        Correlations.Result s = Correlations.spearman(XT, YT);
        assertEquals(0.8532469179729296, s.r(), 1e-12);
        assertEquals(0.014618256267642514, s.p(), 1e-12);
    }

    @Test
    void negativeAndSmall() {
        // python3 -c "from scipy import stats; a=[0.9,0.1,0.4,0.3]; b=[0.2,0.5,0.1,0.6]; print(stats.pearsonr(a,b), stats.spearmanr(a,b))"
        // PearsonRResult(statistic=-0.5965764934056073, pvalue=0.40342350659439274)
        // SignificanceResult(statistic=-0.6000000000000001, pvalue=0.4)
        double[] a = {0.9, 0.1, 0.4, 0.3};
        double[] b = {0.2, 0.5, 0.1, 0.6};
        assertEquals(-0.5965764934056073, Correlations.pearson(a, b).r(), 1e-12);
        assertEquals(0.40342350659439274, Correlations.pearson(a, b).p(), 1e-12);
        assertEquals(-0.6, Correlations.spearman(a, b).r(), 1e-12);
        assertEquals(0.4, Correlations.spearman(a, b).p(), 1e-12);
    }

    @Test
    void averageRanksForTies() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4, 5.5, 5.5, 7}, Correlations.ranks(XT), 0);
    }

    @Test
    void undefinedCasesAreNaNWithAReason() {
        Correlations.Result two = Correlations.pearson(new double[] {1, 2}, new double[] {3, 4});
        assertTrue(Double.isNaN(two.r()) && Double.isNaN(two.p()));
        assertEquals("n/a (n = 2)", two.note());
        assertEquals("n/a (n = 0)", Correlations.spearman(new double[0], new double[0]).note());
        Correlations.Result constant = Correlations.spearman(new double[] {1, 1, 1}, new double[] {3, 4, 5});
        assertTrue(Double.isNaN(constant.r()));
        assertEquals("n/a (constant values)", constant.note());
        Correlations.Result perfect = Correlations.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6});
        assertEquals(1.0, perfect.r(), 1e-12);
        assertEquals(0.0, perfect.p(), 1e-12);
    }
}
