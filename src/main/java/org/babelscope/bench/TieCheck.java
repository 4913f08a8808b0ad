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
        double[] rowMean = new double[n];
        double[] colMean = new double[n];
        for (int i = 0; i < n; i++) {
            rowMean[i] = topMean(c[i], km);
            colMean[i] = topMean(ct[i], km);
        }
        double[] row = new double[n];
        double[] col = new double[n];
        double[] marginRow = new double[n];
        double[] marginCol = new double[n];
        for (int i = 0; i < n; i++) {
            row[i] = c[i][i] - bestOther(c[i], i);
            col[i] = ct[i][i] - bestOther(ct[i], i);
            marginRow[i] = marginGap(c[i], i, km, rowMean[i], colMean);
            marginCol[i] = marginGap(ct[i], i, km, colMean[i], rowMean);
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

    /** Indices of the k largest values, largest first. */
    private static int[] top(double[] v, int k) {
        return IntStream.range(0, v.length).boxed().sorted((a, b) -> Double.compare(v[b], v[a])).limit(k)
                .mapToInt(Integer::intValue).toArray();
    }

    private static double topMean(double[] v, int k) {
        double s = 0;
        for (int j : top(v, k)) {
            s += v[j];
        }
        return s / k;
    }

    /**
     * The query's partner among its km nearest candidates by cosine, scored by ratio margin:
     * its score minus the best other's (for a hit, also its cosine minus that of the first
     * candidate left out, where that is closer); when the partner is not a candidate, minus
     * the cosine it lacks to become one.
     */
    private static double marginGap(double[] v, int self, int km, double queryMean, double[] candidateMean) {
        int[] order = top(v, Math.min(v.length, km + 1));
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
