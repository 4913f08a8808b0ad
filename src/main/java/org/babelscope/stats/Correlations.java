package org.babelscope.stats;

import org.hipparchus.stat.correlation.PearsonsCorrelation;
import org.hipparchus.stat.ranking.NaNStrategy;
import org.hipparchus.stat.ranking.NaturalRanking;
import org.hipparchus.stat.ranking.TiesStrategy;

/**
 * Pearson's r and Spearman's ρ with two-sided p-values, from Hipparchus.
 *
 * <p>Pearson's p is the t test with n − 2 degrees of freedom (the same value as scipy's
 * {@code pearsonr}, which writes it with the beta distribution). Spearman's ρ is Pearson's r of
 * the ranks (ties get their average rank) and its p-value is the same t approximation applied to
 * the ranks, as {@code scipy.stats.spearmanr} does; it is not an exact permutation p-value.
 */
public final class Correlations {
    /** Fewer pairs than this and no correlation is reported. */
    public static final int MIN_N = 3;

    private Correlations() {
    }

    /** r (or ρ) and its two-sided p-value over n pairs; NaN where undefined (see {@link #note()}). */
    public record Result(int n, double r, double p) {
        /** Why r is not there ("n/a (n = 2)", "n/a (constant values)"), or null when it is. */
        public String note() {
            if (n < MIN_N) {
                return "n/a (n = " + n + ")";
            }
            return Double.isNaN(r) ? "n/a (constant values)" : null;
        }
    }

    public static Result pearson(double[] x, double[] y) {
        check(x, y);
        int n = x.length;
        if (n < MIN_N || constant(x) || constant(y)) {
            return new Result(n, Double.NaN, Double.NaN);
        }
        double[][] data = new double[n][];
        for (int i = 0; i < n; i++) {
            data[i] = new double[] {x[i], y[i]};
        }
        PearsonsCorrelation pc = new PearsonsCorrelation(data);
        double r = pc.getCorrelationMatrix().getEntry(0, 1);
        double p = pc.getCorrelationPValues().getEntry(0, 1);
        return new Result(n, r, p);
    }

    public static Result spearman(double[] x, double[] y) {
        check(x, y);
        if (x.length < MIN_N) {
            return new Result(x.length, Double.NaN, Double.NaN);
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Ranks 1..n, ties sharing their average rank (scipy's rankdata "average"). */
    public static double[] ranks(double[] v) {
        return new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(v);
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values, y has " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("non-finite value at " + i + ": " + x[i] + ", " + y[i]);
            }
        }
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }
}
