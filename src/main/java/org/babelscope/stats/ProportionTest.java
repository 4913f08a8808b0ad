package org.babelscope.stats;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * One-sided two-proportion z-test with the pooled proportion: H0 p1 = p2, H1 p1 &gt; p2.
 * z = (p̂1 − p̂2) / sqrt(p̂(1 − p̂)(1/n1 + 1/n2)) with p̂ = (x1 + x2)/(n1 + n2); p = 1 − Φ(z).
 */
public final class ProportionTest {
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private ProportionTest() {
    }

    /**
     * z and p, NaN when a group is empty or the pooled proportion is 0 or 1 (no variance: the
     * test says nothing).
     */
    public record Result(int x1, int n1, int x2, int n2, double z, double p) {
        public double p1() {
            return n1 == 0 ? Double.NaN : (double) x1 / n1;
        }

        public double p2() {
            return n2 == 0 ? Double.NaN : (double) x2 / n2;
        }
    }

    public static Result oneSided(int x1, int n1, int x2, int n2) {
        if (x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
            throw new IllegalArgumentException("successes must lie in 0..n: " + x1 + "/" + n1 + ", " + x2 + "/" + n2);
        }
        if (n1 == 0 || n2 == 0) {
            return new Result(x1, n1, x2, n2, Double.NaN, Double.NaN);
        }
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new Result(x1, n1, x2, n2, Double.NaN, Double.NaN);
        }
        double z = ((double) x1 / n1 - (double) x2 / n2) / se;
        // 1 − Φ(z) written as Φ(−z): no cancellation for large z.
        return new Result(x1, n1, x2, n2, z, NORMAL.cumulativeProbability(-z));
    }
}
