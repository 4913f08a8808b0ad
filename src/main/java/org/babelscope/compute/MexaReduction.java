package org.babelscope.compute;

/**
 * The result of {@link Kernels#mexa}: for n aligned pairs, {@code diag[i] = S[i][i]},
 * {@code rowMax[i] = max_{j≠i} S[i][j]} and {@code colMax[j] = max_{i≠j} S[i][j]} (-∞ when n = 1).
 */
public record MexaReduction(float[] diag, float[] rowMax, float[] colMax) {

    /** Items whose pair beats every other candidate in both directions (MEXA's indicator). */
    public int alignedCount() {
        int count = 0;
        for (int i = 0; i < diag.length; i++) {
            if (diag[i] > rowMax[i] && diag[i] > colMax[i]) {
                count++;
            }
        }
        return count;
    }
}
