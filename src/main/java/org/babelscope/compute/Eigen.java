package org.babelscope.compute;

/** The k largest eigenvalues (descending) and their unit eigenvectors as the columns of a d x k matrix. */
public record Eigen(float[] values, FloatMatrix vectors) {
}
