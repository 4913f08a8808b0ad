package org.babelscope.compute;

/** Column means (length d) and the sample covariance (d x d), or null when not asked for. */
public record MeanCov(float[] mean, FloatMatrix covariance) {
}
