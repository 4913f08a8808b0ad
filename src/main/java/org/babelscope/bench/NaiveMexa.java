package org.babelscope.bench;

import java.util.Arrays;

/** The straightforward Java baseline: the MEXA reduction as plain loops, one thread. */
public final class NaiveMexa {
    private NaiveMexa() {
    }

    public static float[][] reduce(float[][] a, float[][] b) {
        int n = a.length;
        float[] diag = new float[n];
        float[] rowMax = new float[n];
        float[] colMax = new float[n];
        Arrays.fill(rowMax, Float.NEGATIVE_INFINITY);
        Arrays.fill(colMax, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            float[] x = a[i];
            for (int j = 0; j < n; j++) {
                float[] y = b[j];
                float s = 0;
                for (int t = 0; t < x.length; t++) {
                    s += x[t] * y[t];
                }
                if (i == j) {
                    diag[i] = s;
                } else {
                    rowMax[i] = Math.max(rowMax[i], s);
                    colMax[j] = Math.max(colMax[j], s);
                }
            }
        }
        return new float[][] {diag, rowMax, colMax};
    }
}
