package org.babelscope.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.OptionBlocks;
import org.babelscope.compute.TopK;

/**
 * Scores one layer of one language against the pivot over n parallel items (row i of both
 * matrices is item i, rows L2-normalised), with the definitions of DESIGN.md:
 * <ul>
 *   <li>cos: mean over i of C_ii, with C = pivot · languageᵀ;</li>
 *   <li>MEXA: share of i with C_ii > max_{j≠i} C_ij and C_ii > max_{j≠i} C_ji;</li>
 *   <li>retrieval: share of i whose nearest language item is i (C_ii > max_{j≠i} C_ij), and the
 *       reverse; a tie is not a hit, as in MEXA;</li>
 *   <li>margin: the same with LASER's ratio margin, score(x, y) = cos(x, y) / ((r_x + r_y) / 2)
 *       where r is the mean cosine to the k nearest neighbours on the other side; each query
 *       chooses among its k nearest candidates by cosine (as xsim does with k = 4).</li>
 * </ul>
 * One tiled top-k pass gives all of them: the neighbour lists hold the maxima MEXA needs.
 */
public final class PairScorer {
    private final Kernels kernels;
    private final Set<Metric> metrics;
    private final int marginK;

    public PairScorer(Kernels kernels, Set<Metric> metrics, int marginK) {
        if (marginK < 1) {
            throw new IllegalArgumentException("margin k must be at least 1, got " + marginK);
        }
        this.kernels = kernels;
        this.metrics = metrics;
        this.marginK = marginK;
    }

    public Map<Metric, Double> score(FloatMatrix pivot, FloatMatrix language) {
        int n = pivot.rows();
        if (n == 0 || language.rows() != n || language.cols() != pivot.cols()) {
            throw new IllegalArgumentException("pivot " + pivot + " and language " + language + " are not parallel");
        }
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        boolean needsNeighbours = metrics.stream().anyMatch(m -> m != Metric.COS);
        if (!needsNeighbours) {
            // The diagonal alone: n dot products, no similarity matrix at all.
            OptionBlocks diag = kernels.optionBlocks(List.of(pivot), List.of(language), false);
            out.put(Metric.COS, mean(diag.cross()));
            return out;
        }
        int k = Math.min(n, Math.max(2, marginK));
        TopK t = kernels.topK(pivot, language, k);
        float[] diag = t.diag();
        put(out, Metric.COS, mean(diag));
        int mexa = 0;
        int forward = 0;
        int backward = 0;
        for (int i = 0; i < n; i++) {
            boolean rowWins = diag[i] > bestOtherInRow(t, i);
            boolean colWins = diag[i] > bestOtherInColumn(t, i);
            mexa += rowWins && colWins ? 1 : 0;
            forward += rowWins ? 1 : 0;
            backward += colWins ? 1 : 0;
        }
        put(out, Metric.MEXA, (double) mexa / n);
        put(out, Metric.RETRIEVAL, (double) forward / n);
        put(out, Metric.RETRIEVAL_REV, (double) backward / n);
        if (metrics.contains(Metric.MARGIN) || metrics.contains(Metric.MARGIN_REV)) {
            int km = Math.min(n, marginK);
            double[] rowMean = neighbourMeans(t.rowValues(), k, km);
            double[] colMean = neighbourMeans(t.colValues(), k, km);
            put(out, Metric.MARGIN, marginHits(t.rowValues(), t.rowIndices(), k, km, rowMean, colMean) / n);
            put(out, Metric.MARGIN_REV, marginHits(t.colValues(), t.colIndices(), k, km, colMean, rowMean) / n);
        }
        return out;
    }

    private void put(Map<Metric, Double> out, Metric m, double v) {
        if (metrics.contains(m)) {
            out.put(m, v);
        }
    }

    /** max_{j≠i} C_ij: the first neighbour of row i that is not i itself (k >= 2 holds both). */
    private static float bestOtherInRow(TopK t, int i) {
        for (int r = 0; r < t.k(); r++) {
            if (t.rowIndex(i, r) != i) {
                return t.rowValue(i, r);
            }
        }
        return Float.NEGATIVE_INFINITY; // n == 1: no other candidate
    }

    private static float bestOtherInColumn(TopK t, int j) {
        for (int r = 0; r < t.k(); r++) {
            if (t.colIndex(j, r) != j) {
                return t.colValue(j, r);
            }
        }
        return Float.NEGATIVE_INFINITY;
    }

    private static double[] neighbourMeans(float[] values, int k, int km) {
        int n = values.length / k;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int r = 0; r < km; r++) {
                s += values[i * k + r];
            }
            out[i] = s / km;
        }
        return out;
    }

    /**
     * Queries whose own partner scores strictly above every other of their k candidates by ratio
     * margin. A tie is a miss, as for MEXA: a zero row (cosine 0 with everything) ties with all
     * its candidates and so never scores by the order the top-k happened to list them in.
     */
    private static double marginHits(float[] values, int[] indices, int k, int km, double[] queryMean,
            double[] candidateMean) {
        int n = values.length / k;
        int hits = 0;
        for (int q = 0; q < n; q++) {
            double partner = Double.NaN; // stays NaN, a miss, when the partner is not among the k
            double bestOther = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < km; r++) {
                int c = indices[q * k + r];
                double score = values[q * k + r] / ((queryMean[q] + candidateMean[c]) / 2);
                if (c == q) {
                    partner = score;
                } else if (score > bestOther) {
                    bestOther = score;
                }
            }
            hits += partner > bestOther ? 1 : 0;
        }
        return hits;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }
}
