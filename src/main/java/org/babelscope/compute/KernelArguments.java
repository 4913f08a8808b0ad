package org.babelscope.compute;

import java.util.List;

/**
 * The argument checks every backend makes before it calls native code, in one place so that the
 * CPU and CUDA backends refuse the same inputs with the same messages.
 */
final class KernelArguments {
    private KernelArguments() {
    }

    static void requireSameWidth(FloatMatrix a, FloatMatrix b) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("rows of different widths: " + a.cols() + " and " + b.cols());
        }
    }

    static void requireCosineOutput(FloatMatrix a, FloatMatrix b, FloatMatrix out) {
        requireSameWidth(a, b);
        if (out.rows() != a.rows() || out.cols() != b.rows()) {
            throw new IllegalArgumentException("output is " + out + ", needs " + a.rows() + " x " + b.rows());
        }
    }

    static void requireAlignedPairs(FloatMatrix a, FloatMatrix b) {
        requireSameWidth(a, b);
        if (a.rows() != b.rows()) {
            throw new IllegalArgumentException("MEXA needs aligned pairs: " + a.rows() + " vs " + b.rows() + " rows");
        }
    }

    static void requireTopK(FloatMatrix a, FloatMatrix b, int k) {
        requireSameWidth(a, b);
        int most = Math.min(a.rows(), b.rows());
        if (k < 1 || k > most) {
            throw new IllegalArgumentException("k = " + k + " must be in [1, " + most + "]");
        }
    }

    /** K options on both sides, all items x d. */
    static void requireOptions(List<FloatMatrix> pivot, List<FloatMatrix> target) {
        int k = pivot.size();
        if (k == 0 || target.size() != k) {
            throw new IllegalArgumentException("option blocks need K >= 1 options on both sides, got "
                    + k + " and " + target.size());
        }
        int items = pivot.get(0).rows();
        int d = pivot.get(0).cols();
        for (int o = 0; o < k; o++) {
            for (FloatMatrix m : List.of(pivot.get(o), target.get(o))) {
                if (m.rows() != items || m.cols() != d) {
                    throw new IllegalArgumentException("option " + o + " is " + m.rows() + " x " + m.cols()
                            + ", option 0 is " + items + " x " + d);
                }
            }
        }
    }

    static void requireRowsForMean(FloatMatrix x) {
        if (x.rows() < 1) {
            throw new IllegalArgumentException("mean of an empty matrix");
        }
    }

    /** {m, n, k} of op(a)·op(b). */
    static int[] productShape(FloatMatrix a, boolean transposeA, FloatMatrix b, boolean transposeB) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("cannot multiply " + m + " x " + k + " by " + kb + " x " + n);
        }
        return new int[] {m, n, k};
    }

    static void requireNonEmpty(FloatMatrix a, String what) {
        if (Math.min(a.rows(), a.cols()) < 1) {
            throw new IllegalArgumentException(what + " of an empty " + a.rows() + " x " + a.cols() + " matrix");
        }
    }

    static void requireEigenArguments(FloatMatrix symmetric, int k) {
        int d = symmetric.rows();
        if (symmetric.cols() != d) {
            throw new IllegalArgumentException("eigenvectors of a non-square " + d + " x " + symmetric.cols() + " matrix");
        }
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("k = " + k + " must be in [1, " + d + "]");
        }
    }

    static void requireBasisFor(FloatMatrix x, FloatMatrix basis) {
        if (basis.rows() != x.cols()) {
            throw new IllegalArgumentException("basis has " + basis.rows() + " rows, x has " + x.cols() + " columns");
        }
    }
}
