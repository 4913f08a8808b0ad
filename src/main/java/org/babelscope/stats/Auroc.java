package org.babelscope.stats;

/**
 * Area under the ROC curve of a score for a binary label, as the Mann–Whitney statistic:
 * the share of (positive, negative) pairs in which the positive scores higher, ties counted half.
 * Computed from average ranks in O(n log n).
 */
public final class Auroc {
    private Auroc() {
    }

    public record Result(double auroc, int positives, int negatives) {
    }

    /** NaN when either class is empty. Scores must be finite. */
    public static Result of(double[] score, boolean[] positive) {
        if (score.length != positive.length) {
            throw new IllegalArgumentException(score.length + " scores, " + positive.length + " labels");
        }
        int pos = 0;
        for (boolean b : positive) {
            pos += b ? 1 : 0;
        }
        int neg = score.length - pos;
        if (pos == 0 || neg == 0) {
            return new Result(Double.NaN, pos, neg);
        }
        double[] ranks = Correlations.ranks(score);
        double rankSum = 0;
        for (int i = 0; i < score.length; i++) {
            if (positive[i]) {
                rankSum += ranks[i];
            }
        }
        double u = rankSum - (double) pos * (pos + 1) / 2;
        return new Result(u / ((double) pos * neg), pos, neg);
    }
}
