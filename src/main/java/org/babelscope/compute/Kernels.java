package org.babelscope.compute;

import java.util.List;

/**
 * The compute kernels of babelscope: one interface, implemented by the CPU backend (C++, OpenMP,
 * OpenBLAS) and the CUDA backend, chosen once by {@link Backends#select(String)}.
 *
 * <p>Matrices are row-major float32 ({@link FloatMatrix}). Methods that say "rows L2-normalised"
 * expect {@link #normalizeRows(FloatMatrix)} to have run on their inputs; with normalised rows the
 * dot products they reduce are cosine similarities. Methods are safe to call from one thread at a
 * time per instance. {@link #close()} frees what the backend holds (device memory and handles on
 * CUDA; nothing on the CPU).
 */
public interface Kernels extends AutoCloseable {

    /** "cpu" or "cuda". */
    String name();

    /** A short description of the implementation, for logs and benchmark reports. */
    String description();

    /**
     * Scales every row to unit L2 norm in place; zero rows stay zero.
     *
     * @throws NonFiniteInputException if a row holds NaN or Inf (the row is named)
     */
    void normalizeRows(FloatMatrix x);

    /** The cosine similarity of every row of a with every row of b (a.rows x b.rows). */
    default FloatMatrix cosine(FloatMatrix a, FloatMatrix b) {
        FloatMatrix out = FloatMatrix.allocate(a.rows(), b.rows());
        cosine(a, b, out);
        return out;
    }

    /** As {@link #cosine(FloatMatrix, FloatMatrix)}, into a caller-owned a.rows x b.rows matrix. */
    void cosine(FloatMatrix a, FloatMatrix b, FloatMatrix out);

    /**
     * MEXA's reduction of S = a·bᵀ over n aligned pairs (rows L2-normalised), in tiles: the
     * diagonal and the row and column maxima excluding it. The full n x n matrix is never held.
     */
    MexaReduction mexa(FloatMatrix a, FloatMatrix b);

    /**
     * The k nearest neighbours per row and per column of S = a·bᵀ (rows L2-normalised), in tiles,
     * with S's diagonal when the shapes allow one. Ties put the smaller index first.
     */
    TopK topK(FloatMatrix a, FloatMatrix b, int k);

    /**
     * The K x K option blocks of a multiple-choice task for every item: option o of the pivot with
     * option p of the target, and (when {@code withSelf}) each side with itself. Each list holds K
     * matrices of items x d, rows L2-normalised.
     */
    OptionBlocks optionBlocks(List<FloatMatrix> pivot, List<FloatMatrix> target, boolean withSelf);

    /** Column means and, when asked, the sample covariance (divided by n - 1). */
    MeanCov meanCov(FloatMatrix x, boolean withCovariance);

    /** The matrix product op(a)·op(b), op being the transpose where asked (GEMM). */
    FloatMatrix multiply(FloatMatrix a, boolean transposeA, FloatMatrix b, boolean transposeB);

    /** Thin SVD a = U·diag(S)·Vᵀ with min(m, n) singular values in descending order. */
    Svd svd(FloatMatrix a);

    /** The k largest eigenvalues of a symmetric matrix and their eigenvectors (as columns). */
    Eigen eighTopK(FloatMatrix symmetric, int k);

    /** Projects the rows of x onto span(basis columns) (orthonormal) and onto its complement. */
    Projection project(FloatMatrix x, FloatMatrix basis);

    /** Frees the backend's resources; the instance must not be used afterwards. */
    @Override
    default void close() {
    }
}
