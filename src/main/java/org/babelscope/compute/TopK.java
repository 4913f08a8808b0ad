package org.babelscope.compute;

/**
 * The result of {@link Kernels#topK}: per row of S = a·bᵀ, its k largest values in descending
 * order ({@code rowValues[i*k + r]}) and their column indices; likewise per column; and S's
 * diagonal ({@code min(rows, cols)} values), read from the same tiles so that comparisons between
 * it and the neighbour lists are exact.
 */
public record TopK(int k, float[] rowValues, int[] rowIndices, float[] colValues, int[] colIndices,
        float[] diag) {

    public int rows() {
        return rowValues.length / k;
    }

    public int cols() {
        return colValues.length / k;
    }

    public float rowValue(int i, int rank) {
        return rowValues[i * k + rank];
    }

    public int rowIndex(int i, int rank) {
        return rowIndices[i * k + rank];
    }

    public float colValue(int j, int rank) {
        return colValues[j * k + rank];
    }

    public int colIndex(int j, int rank) {
        return colIndices[j * k + rank];
    }
}
