package org.babelscope.bench;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.babelscope.compute.FloatMatrix;

/**
 * How close each item's MEXA, retrieval and margin decisions were to a tie, in double
 * precision from the stored float rows, with {@link org.babelscope.metrics.PairScorer}'s
 * definitions: a gap is the partner's cosine (or ratio-margin score) minus the best other
 * candidate's, so its sign is the decision and its size how much rounding it can take.
 */
public final class TieCheck {
    /** Per item: the gaps of each decision. */
    public record Gaps(double[] row, double[] col, double[] marginRow, double[] marginCol) {
        /** The gaps that decide {@code metric}'s value (MEXA: the closer of the two directions). */
        public double[] of(String metric) {
            switch (metric) {
                case "retrieval":
                    return row;
                case "retrieval_rev":
                    return col;
                case "margin":
                    return marginRow;
                case "margin_rev":
                    return marginCol;
                default: {
                    double[] out = new double[row.length];
                    Arrays.setAll(out, i -> Math.abs(row[i]) < Math.abs(col[i]) ? row[i] : col[i]);
                    return out;
                }
            }
        }
    }

    private TieCheck() {
    }

    public static Gaps gaps(FloatMatrix pivot, FloatMatrix language, int marginK) {
        int n = pivot.rows();
        double[][] p = normalized(pivot);
        double[][] x = normalized(language);
        double[][] c = new double[n][n];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j < n; j++) {
                double t = 0;
                for (int k = 0; k < p[i].length; k++) {
                    t += p[i][k] * x[j][k];
                }
                c[i][j] = t;
            }
        });
        double[][] ct = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ct[j][i] = c[i][j];
            }
        }
        int km = Math.min(n, marginK);
        // Each row's and column's km + 1 nearest, found once: their first km give the margin's
        // means, and marginGap reads all of them.
        int[][] rowTop = new int[n][];
        int[][] colTop = new int[n][];
        double[] rowMean = new double[n];
        double[] colMean = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            rowTop[i] = top(c[i], Math.min(n, km + 1));
            colTop[i] = top(ct[i], Math.min(n, km + 1));
            rowMean[i] = topMean(c[i], rowTop[i], km);
            colMean[i] = topMean(ct[i], colTop[i], km);
        });
        double[] row = new double[n];
        double[] col = new double[n];
        double[] marginRow = new double[n];
        double[] marginCol = new double[n];
        for (int i = 0; i < n; i++) {
            row[i] = c[i][i] - bestOther(c[i], i);
            col[i] = ct[i][i] - bestOther(ct[i], i);
            marginRow[i] = marginGap(c[i], rowTop[i], i, km, rowMean[i], colMean);
            marginCol[i] = marginGap(ct[i], colTop[i], i, km, colMean[i], rowMean);
        }
        return new Gaps(row, col, marginRow, marginCol);
    }

    private static double[][] normalized(FloatMatrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            double s = 0;
            for (int k = 0; k < m.cols(); k++) {
                s += (double) m.get(i, k) * m.get(i, k);
            }
            double inv = 1 / Math.sqrt(s);
            for (int k = 0; k < m.cols(); k++) {
                out[i][k] = m.get(i, k) * inv;
            }
        }
        return out;
    }

    private static double bestOther(double[] v, int self) {
        double best = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v.length; j++) {
            if (j != self && v[j] > best) {
                best = v[j];
            }
        }
        return best;
    }

    /**
     * Indices of the k largest values (k <= v.length), largest first, equal values in index order
     * (Double.compare's order): one pass keeping a sorted list of k, not a sort of the whole row.
     */
    static int[] top(double[] v, int k) {
        int[] idx = new int[k];
        int size = 0;
        for (int j = 0; j < v.length; j++) {
            if (size == k && Double.compare(v[j], v[idx[k - 1]]) <= 0) {
                continue;
            }
            int p = size < k ? size++ : k - 1;
            while (p > 0 && Double.compare(v[j], v[idx[p - 1]]) > 0) {
                idx[p] = idx[p - 1];
                p--;
            }
            idx[p] = j;
        }
        return idx;
    }

    /** The mean of the first k values of order. */
    private static double topMean(double[] v, int[] order, int k) {
        double s = 0;
        for (int r = 0; r < k; r++) {
            s += v[order[r]];
        }
        return s / k;
    }

    /**
     * The query's partner among its km nearest candidates by cosine, scored by ratio margin:
     * its score minus the best other's (for a hit, also its cosine minus that of the first
     * candidate left out, where that is closer); when the partner is not a candidate, minus
     * the cosine it lacks to become one.
     */
    private static double marginGap(double[] v, int[] order, int self, int km, double queryMean,
            double[] candidateMean) {
        boolean candidate = false;
        double best = Double.NEGATIVE_INFINITY;
        double own = 0;
        for (int r = 0; r < km; r++) {
            int j = order[r];
            double score = v[j] / ((queryMean + candidateMean[j]) / 2);
            if (j == self) {
                candidate = true;
                own = score;
            } else {
                best = Math.max(best, score);
            }
        }
        if (!candidate) {
            return v[self] - v[order[km - 1]];
        }
        double gap = own - best;
        if (gap > 0 && order.length > km) {
            gap = Math.min(gap, v[self] - v[order[km]]); // a hit is lost if the partner drops out
        }
        return gap;
    }
}
