package org.babelscope.compute;

/** A thin SVD a = u·diag(s)·vt: u is m x r, s has r values (descending), vt is r x n, r = min(m, n). */
public record Svd(FloatMatrix u, float[] s, FloatMatrix vt) {
}
