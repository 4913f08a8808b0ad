package org.babelscope.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The alignment metrics of DESIGN.md computed plainly in double precision from raw vectors: the
 * independent reference the tests hold PairScorer and the align command to.
 */
final class ReferenceMetrics {
    final double cos;
    final double mexa;
    final double retrieval;
    final double retrievalRev;
    final double margin;
    final double marginRev;
    /** Smallest gap between two quantities a discrete decision compared (to rule out near-ties). */
    final double minGap;

    ReferenceMetrics(double[][] pivot, double[][] lang, int k) {
        int n = pivot.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = cosine(pivot[i], lang[j]);
            }
        }
        double gap = Double.MAX_VALUE;
        double c = 0;
        int m = 0;
        int fwd = 0;
        int bwd = 0;
        for (int i = 0; i < n; i++) {
            c += s[i][i];
            double rowMax = Double.NEGATIVE_INFINITY;
            double colMax = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    rowMax = Math.max(rowMax, s[i][j]);
                    colMax = Math.max(colMax, s[j][i]);
                }
            }
            gap = Math.min(gap, Math.min(Math.abs(s[i][i] - rowMax), Math.abs(s[i][i] - colMax)));
            boolean r = s[i][i] > rowMax;
            boolean col = s[i][i] > colMax;
            m += r && col ? 1 : 0;
            fwd += r ? 1 : 0;
            bwd += col ? 1 : 0;
        }
        double[][] st = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                st[j][i] = s[i][j];
            }
        }
        int km = Math.min(k, n);
        double[] rowMean = neighbourMeans(s, km);
        double[] colMean = neighbourMeans(st, km);
        double[] gapOut = {gap};
        this.margin = marginHits(s, km, rowMean, colMean, gapOut) / n;
        this.marginRev = marginHits(st, km, colMean, rowMean, gapOut) / n;
        this.cos = c / n;
        this.mexa = (double) m / n;
        this.retrieval = (double) fwd / n;
        this.retrievalRev = (double) bwd / n;
        this.minGap = gapOut[0];
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int t = 0; t < a.length; t++) {
            ab += a[t] * b[t];
            aa += a[t] * a[t];
            bb += b[t] * b[t];
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static List<Integer> ranked(double[] v) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            idx.add(i);
        }
        idx.sort((x, y) -> v[x] != v[y] ? Double.compare(v[y], v[x]) : Integer.compare(x, y));
        return idx;
    }

    private static double[] neighbourMeans(double[][] s, int k) {
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            List<Integer> r = ranked(s[i]);
            for (int t = 0; t < k; t++) {
                out[i] += s[i][r.get(t)] / k;
            }
        }
        return out;
    }

    private static double marginHits(double[][] s, int k, double[] queryMean, double[] candMean, double[] gap) {
        int hits = 0;
        for (int q = 0; q < s.length; q++) {
            List<Integer> r = ranked(s[q]);
            if (k < s.length) {
                gap[0] = Math.min(gap[0], s[q][r.get(k - 1)] - s[q][r.get(k)]);
            }
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < k; t++) {
                int cand = r.get(t);
                double score = s[q][cand] / ((queryMean[q] + candMean[cand]) / 2);
                if (score > bestScore) {
                    second = bestScore;
                    bestScore = score;
                    best = cand;
                } else {
                    second = Math.max(second, score);
                }
            }
            if (k > 1) {
                gap[0] = Math.min(gap[0], bestScore - second);
            }
            hits += best == q ? 1 : 0;
        }
        return hits;
    }

    /** Language-like data: shared meaning plus a language offset and noise that varies by item. */
    static double[][][] parallelViews(Random rnd, int n, int d, double noise) {
        double[][] pivot = new double[n][d];
        double[][] lang = new double[n][d];
        double[] offset = new double[d];
        for (int t = 0; t < d; t++) {
            offset[t] = 0.5 * rnd.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            double itemNoise = noise * (0.3 + 2.0 * (i % 5) / 4.0);
            for (int t = 0; t < d; t++) {
                double meaning = rnd.nextGaussian();
                pivot[i][t] = (float) (meaning + 0.2 * rnd.nextGaussian());
                lang[i][t] = (float) (meaning + offset[t] + itemNoise * rnd.nextGaussian());
            }
        }
        return new double[][][] {pivot, lang};
    }
}
