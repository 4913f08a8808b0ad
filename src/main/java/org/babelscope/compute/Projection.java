package org.babelscope.compute;

/** Rows projected onto a subspace ({@code inSubspace}) and onto its orthogonal complement. */
public record Projection(FloatMatrix inSubspace, FloatMatrix complement) {
}
