package org.babelscope.lift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.babelscope.BadInputException;
import org.babelscope.compute.Backends;
import org.babelscope.compute.FloatMatrix;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class MapFitterTest {
    private final MapFitter fitter = new MapFitter(Backends.cpu());

    @Test
    void procrustesRecoversAPlantedRotation() {
        Random rnd = new Random(41);
        int n = 150;
        int d = 24;
        double[][] x = gaussian(rnd, n, d);
        RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(gaussian(rnd, d, d))).getQ();
        double[][] y = new Array2DRowRealMatrix(x).multiply(q).getData();
        FloatMatrix w = fitter.fit(MapMethod.PROCRUSTES, FloatMatrix.of(x), FloatMatrix.of(y), 0);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(q.getEntry(i, j), w.get(i, j), 1e-4, "W[" + i + "][" + j + "]");
            }
        }
    }

    /**
     * Y = XA + noise: the fit equals the ridge solution of the normal equations in double, and
     * sits within the noise of A: σ/sqrt(n) per entry for unit-variance X, about 0.0014 here
     * (measured with these seeds: rms 0.0015, largest of the 400 entries 0.0039); 0.01 bounds it.
     */
    @Test
    void ridgeRecoversAPlantedMapUnderNoise() {
        Random rnd = new Random(42);
        int n = 1200;
        int d = 20;
        double sigma = 0.05;
        double lambda = 0.5;
        double[][] x = gaussian(rnd, n, d);
        double[][] a = gaussian(rnd, d, d);
        double[][] y = new Array2DRowRealMatrix(x).multiply(new Array2DRowRealMatrix(a)).getData();
        for (double[] row : y) {
            for (int j = 0; j < d; j++) {
                row[j] += sigma * rnd.nextGaussian();
            }
        }
        x = asFloat(x);
        y = asFloat(y);
        RealMatrix xm = new Array2DRowRealMatrix(x);
        RealMatrix gram = xm.transpose().multiply(xm);
        for (int i = 0; i < d; i++) {
            gram.addToEntry(i, i, lambda);
        }
        RealMatrix want = new LUDecomposition(gram).getSolver().solve(xm.transpose().multiply(new Array2DRowRealMatrix(y)));
        FloatMatrix w = fitter.fit(MapMethod.RIDGE, FloatMatrix.of(x), FloatMatrix.of(y), lambda);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(want.getEntry(i, j), w.get(i, j), 2e-4, "ridge W[" + i + "][" + j + "]");
                assertEquals(a[i][j], w.get(i, j), 0.01, "planted A[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void splitIsDeterministicDisjointAndComplete() {
        HoldoutSplit s = HoldoutSplit.of(1012, 0.2, 7);
        assertEquals(202, s.test().length);
        assertEquals(810, s.train().length);
        assertArrayEquals(s.test(), HoldoutSplit.of(1012, 0.2, 7).test());
        assertFalse(Arrays.equals(s.test(), HoldoutSplit.of(1012, 0.2, 8).test()), "the seed matters");
        boolean[] seen = new boolean[1012];
        for (int i : s.test()) {
            seen[i] = true;
        }
        for (int i : s.train()) {
            assertFalse(seen[i], "item " + i + " on both sides");
            seen[i] = true;
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
        assertThrows(BadInputException.class, () -> HoldoutSplit.of(3, 0.2, 1));
        assertThrows(BadInputException.class, () -> HoldoutSplit.of(100, 1.0, 1));
    }

    static double[][] gaussian(Random rnd, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return m;
    }

    static double[][] asFloat(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = (float) m[i][j];
            }
        }
        return out;
    }
}
