package org.babelscope.metrics;

import java.util.Random;

/** Test data and expected metrics for other packages' tests (wraps ReferenceMetrics). */
public final class TestViews {
    private TestViews() {
    }

    public record Expected(double cos, double mexa, double retrieval, double retrievalRev, double margin,
            double marginRev, double minGap) {
    }

    public static double[][][] parallel(Random rnd, int n, int d, double noise) {
        return ReferenceMetrics.parallelViews(rnd, n, d, noise);
    }

    /** A view parallel to pivot: the same items plus an offset and item-dependent noise. */
    public static double[][] partnerOf(Random rnd, double[][] pivot, double noise) {
        int d = pivot[0].length;
        double[] offset = new double[d];
        for (int t = 0; t < d; t++) {
            offset[t] = 0.5 * rnd.nextGaussian();
        }
        double[][] out = new double[pivot.length][d];
        for (int i = 0; i < pivot.length; i++) {
            double itemNoise = noise * (0.3 + 2.0 * (i % 5) / 4.0);
            for (int t = 0; t < d; t++) {
                out[i][t] = (float) (pivot[i][t] + offset[t] + itemNoise * rnd.nextGaussian());
            }
        }
        return out;
    }

    /** Cosine of two vectors, in double. */
    public static double cosine(double[] a, double[] b) {
        return ReferenceMetrics.cosine(a, b);
    }

    public static Expected expected(double[][] pivot, double[][] lang, int k) {
        ReferenceMetrics r = new ReferenceMetrics(pivot, lang, k);
        return new Expected(r.cos, r.mexa, r.retrieval, r.retrievalRev, r.margin, r.marginRev, r.minGap);
    }
}
