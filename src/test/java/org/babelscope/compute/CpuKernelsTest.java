package org.babelscope.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every CPU kernel against a double-precision reference on random inputs of awkward shapes, and
 * on small cases worked by hand. Tile budgets are set small so that N is not a multiple of the tile.
 */
class CpuKernelsTest {
    private static final double COS_TOL = 1e-5;

    private final Kernels kernels = Backends.cpu();

    private FloatMatrix normalized(double[][] x) {
        FloatMatrix m = FloatMatrix.of(x);
        kernels.normalizeRows(m);
        return m;
    }

    @ParameterizedTest
    @CsvSource({"1,1", "13,7", "207,1", "5,1536", "3,4098"})
    void normalizeRowsMatchesReference(int n, int d) {
        double[][] x = Reference.asFloat(Reference.random(new Random(n * 31L + d), n, d));
        FloatMatrix m = FloatMatrix.of(x);
        kernels.normalizeRows(m);
        double[][] expected = Reference.normalizedRows(x);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(expected[i][j], m.get(i, j), 1e-6, "row " + i + " col " + j);
            }
        }
    }

    @Test
    void normalizeRowsKeepsZeroRowsAndRejectsNonFinite() {
        FloatMatrix m = FloatMatrix.of(new float[][] {{3, 4}, {0, 0}, {1, Float.NaN}, {Float.POSITIVE_INFINITY, 0}});
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> kernels.normalizeRows(m));
        assertEquals(2, e.row());
        FloatMatrix ok = FloatMatrix.of(new float[][] {{3, 4}, {0, 0}});
        kernels.normalizeRows(ok);
        assertArrayEquals(new float[] {0.6f, 0.8f}, ok.row(0), 1e-7f);
        assertArrayEquals(new float[] {0f, 0f}, ok.row(1));
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "13,7,5", "207,31,1", "40,50,1536"})
    void cosineBlockMatchesReference(int na, int nb, int d) {
        Random rnd = new Random(na * 1000L + nb * 10L + d);
        double[][] a = Reference.asFloat(Reference.random(rnd, na, d));
        double[][] b = Reference.asFloat(Reference.random(rnd, nb, d));
        FloatMatrix c = kernels.cosine(FloatMatrix.of(a), FloatMatrix.of(b));
        assertEquals(na, c.rows());
        assertEquals(nb, c.cols());
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < nb; j++) {
                assertEquals(Reference.cosine(a[i], b[j]), c.get(i, j), COS_TOL);
            }
        }
    }

    @Test
    void cosineHandWorked() {
        FloatMatrix a = FloatMatrix.of(new float[][] {{1, 0}, {1, 1}});
        FloatMatrix b = FloatMatrix.of(new float[][] {{2, 0}, {0, 3}, {-1, -1}, {0, 0}});
        FloatMatrix c = kernels.cosine(a, b);
        double h = Math.sqrt(0.5);
        float[][] expected = {{1, 0, (float) -h, 0}, {(float) h, (float) h, -1, 0}};
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expected[i], c.row(i), 1e-6f);
        }
    }

    /** Budgets from a single value up to everything in one tile, none dividing n. */
    @ParameterizedTest
    @ValueSource(longs = {4, 7 * 5 * 4, 13 * 11 * 4, 1L << 26})
    void mexaReductionMatchesReference(long budget) {
        Kernels tiled = Backends.cpu(budget);
        for (int[] shape : new int[][] {{1, 3}, {2, 3}, {37, 16}, {101, 64}}) {
            int n = shape[0];
            int d = shape[1];
            double[][][] pair = Reference.alignedPair(new Random(n * 7L + d), n, d, 0.6);
            double[][] a = Reference.normalizedRows(pair[0]);
            double[][] b = Reference.normalizedRows(pair[1]);
            double[][] s = Reference.products(a, b);
            int expectedAligned = 0;
            double minMargin = Double.MAX_VALUE;
            double[] rowMax = new double[n];
            double[] colMax = new double[n];
            for (int i = 0; i < n; i++) {
                rowMax[i] = Double.NEGATIVE_INFINITY;
                colMax[i] = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        rowMax[i] = Math.max(rowMax[i], s[i][j]);
                        colMax[i] = Math.max(colMax[i], s[j][i]);
                    }
                }
                if (s[i][i] > rowMax[i] && s[i][i] > colMax[i]) {
                    expectedAligned++;
                }
                minMargin = Math.min(minMargin, Math.min(Math.abs(s[i][i] - rowMax[i]), Math.abs(s[i][i] - colMax[i])));
            }
            // Exact agreement on the count is meaningful only when no decision is a near-tie.
            // (float32 dot products of unit vectors err by ~1e-7 here)
            assumeTrue(minMargin > 2e-6, "drawn data has a near-tie");
            MexaReduction r = tiled.mexa(normalized(pair[0]), normalized(pair[1]));
            for (int i = 0; i < n; i++) {
                assertEquals(s[i][i], r.diag()[i], COS_TOL);
                if (n == 1) {
                    assertEquals(Float.NEGATIVE_INFINITY, r.rowMax()[i]);
                    assertEquals(Float.NEGATIVE_INFINITY, r.colMax()[i]);
                } else {
                    assertEquals(rowMax[i], r.rowMax()[i], COS_TOL, "row max " + i);
                    assertEquals(colMax[i], r.colMax()[i], COS_TOL, "col max " + i);
                }
            }
            assertEquals(expectedAligned, r.alignedCount(), "MEXA count, n=" + n + " budget=" + budget);
            if (n > 10) {
                assertTrue(expectedAligned > 0 && expectedAligned < n, "test data must mix aligned and not");
            }
        }
    }

    @Test
    void mexaHandWorked() {
        // Pivot items on the axes; target item 0 is closer to pivot 1 than to pivot 0.
        FloatMatrix a = normalized(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        FloatMatrix b = normalized(new double[][] {{1, 2, 0}, {0, 1, 0}, {0, 0.5, 1}});
        MexaReduction r = kernels.mexa(a, b);
        double c = 1 / Math.sqrt(5);
        // S[i][j] = component i of b[j]: [[c, 0, 0], [2c, 1, e/2], [0, 0, e]], c = 1/sqrt(5), e = 1/sqrt(1.25)
        double e = 1 / Math.sqrt(1.25);
        assertArrayEquals(new float[] {(float) c, 1f, (float) e}, r.diag(), 1e-6f);
        assertArrayEquals(new float[] {0f, (float) (2 * c), 0f}, r.rowMax(), 1e-6f);
        assertArrayEquals(new float[] {(float) (2 * c), 0f, (float) (0.5 * e)}, r.colMax(), 1e-6f);
        // Item 0 loses (target 0 is closer to pivot 1, 2c > c); items 1 (1 > 2c) and 2 win: 2 of 3.
        assertEquals(2, r.alignedCount());
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1,4", "5,3,8,3,4", "37,41,16,1,52", "37,41,16,4,1000", "120,90,33,8,256", "64,64,1536,37,100000000"})
    void topKMatchesReference(int na, int nb, int d, int k, long budget) {
        Random rnd = new Random(na * 31L + nb * 7L + d + k);
        double[][] a = Reference.asFloat(Reference.random(rnd, na, d));
        double[][] b = Reference.asFloat(Reference.random(rnd, nb, d));
        double[][] s = Reference.products(Reference.normalizedRows(a), Reference.normalizedRows(b));
        TopK t = Backends.cpu(budget).topK(normalized(a), normalized(b), k);
        for (int i = 0; i < na; i++) {
            int[] order = rankedIndices(s[i]);
            assumeTrue(k == nb || s[i][order[k - 1]] - s[i][order[k]] > 2e-6, "near-tie at rank k");
            for (int r = 0; r < k; r++) {
                assertEquals(order[r], t.rowIndex(i, r), "row " + i + " rank " + r);
                assertEquals(s[i][order[r]], t.rowValue(i, r), COS_TOL);
            }
        }
        double[][] st = Reference.transpose(s);
        for (int j = 0; j < nb; j++) {
            int[] order = rankedIndices(st[j]);
            for (int r = 0; r < k; r++) {
                assertEquals(order[r], t.colIndex(j, r), "col " + j + " rank " + r);
                assertEquals(st[j][order[r]], t.colValue(j, r), COS_TOL);
            }
        }
        for (int i = 0; i < Math.min(na, nb); i++) {
            assertEquals(s[i][i], t.diag()[i], COS_TOL);
        }
    }

    /** Indices by descending value, smaller index first on equal values. */
    private static int[] rankedIndices(double[] v) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            idx.add(i);
        }
        idx.sort((x, y) -> v[x] != v[y] ? Double.compare(v[y], v[x]) : Integer.compare(x, y));
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void topKBreaksTiesBySmallerIndexWhateverTheTiling() {
        // Targets 1, 3 and 4 are identical, so pivot 0 sees three equal best candidates.
        double[][] a = {{1, 0}, {0, 1}};
        double[][] b = {{0, 1}, {1, 1}, {-1, 0}, {1, 1}, {1, 1}};
        for (long budget : new long[] {4, 8, 12, 1 << 20}) {
            TopK t = Backends.cpu(budget).topK(normalized(a), normalized(b), 2);
            assertEquals(1, t.rowIndex(0, 0));
            assertEquals(3, t.rowIndex(0, 1));
            assertEquals(0, t.rowIndex(1, 0));
            assertEquals(1, t.rowIndex(1, 1));
            // Column 1: both pivots give cos = 1/sqrt(2); pivot 0 comes first.
            assertEquals(0, t.colIndex(1, 0));
            assertEquals(1, t.colIndex(1, 1));
        }
    }

    /** Each thread reduces its own rows and the column states merge in thread order: any count gives one answer. */
    @Test
    void reductionsDoNotDependOnTheThreadCount() {
        double[][][] pair = Reference.alignedPair(new Random(5), 203, 40, 0.6);
        FloatMatrix a = normalized(pair[0]);
        FloatMatrix b = normalized(pair[1]);
        Kernels tiled = Backends.cpu(57 * 61 * 4);
        Backends.setCpuThreads(1);
        TopK one;
        MexaReduction mexaOne;
        try {
            one = tiled.topK(a, b, 5);
            mexaOne = tiled.mexa(a, b);
            for (int threads : new int[] {2, 3, 7}) {
                Backends.setCpuThreads(threads);
                TopK many = tiled.topK(a, b, 5);
                MexaReduction mexaMany = tiled.mexa(a, b);
                assertArrayEquals(one.rowIndices(), many.rowIndices(), threads + " threads");
                assertArrayEquals(one.colIndices(), many.colIndices(), threads + " threads");
                assertArrayEquals(one.rowValues(), many.rowValues(), 1e-6f);
                assertArrayEquals(one.colValues(), many.colValues(), 1e-6f);
                assertArrayEquals(mexaOne.rowMax(), mexaMany.rowMax(), 1e-6f);
                assertArrayEquals(mexaOne.colMax(), mexaMany.colMax(), 1e-6f);
                assertEquals(mexaOne.alignedCount(), mexaMany.alignedCount());
            }
        } finally {
            Backends.setCpuThreads(0);
        }
    }

    @Test
    void topKRejectsKLargerThanEitherSide() {
        FloatMatrix a = normalized(Reference.random(new Random(1), 3, 4));
        FloatMatrix b = normalized(Reference.random(new Random(2), 5, 4));
        assertThrows(IllegalArgumentException.class, () -> kernels.topK(a, b, 4));
        assertThrows(IllegalArgumentException.class, () -> kernels.topK(a, b, 0));
    }

    @ParameterizedTest
    @CsvSource({"2,1,1", "3,17,5", "4,9,64", "5,33,1536"})
    void optionBlocksMatchReference(int k, int items, int d) {
        Random rnd = new Random(k * 100L + items + d);
        List<double[][]> piv = new ArrayList<>();
        List<double[][]> tgt = new ArrayList<>();
        List<FloatMatrix> pm = new ArrayList<>();
        List<FloatMatrix> tm = new ArrayList<>();
        for (int o = 0; o < k; o++) {
            piv.add(Reference.normalizedRows(Reference.asFloat(Reference.random(rnd, items, d))));
            tgt.add(Reference.normalizedRows(Reference.asFloat(Reference.random(rnd, items, d))));
            pm.add(normalized(piv.get(o)));
            tm.add(normalized(tgt.get(o)));
        }
        OptionBlocks blocks = kernels.optionBlocks(pm, tm, true);
        for (int i = 0; i < items; i++) {
            for (int o = 0; o < k; o++) {
                for (int p = 0; p < k; p++) {
                    assertEquals(Reference.dot(piv.get(o)[i], tgt.get(p)[i]), blocks.cross(i, o, p), COS_TOL);
                    assertEquals(Reference.dot(piv.get(o)[i], piv.get(p)[i]), blocks.pivotSelf(i, o, p), COS_TOL);
                    assertEquals(Reference.dot(tgt.get(o)[i], tgt.get(p)[i]), blocks.targetSelf(i, o, p), COS_TOL);
                }
            }
        }
    }

    @Test
    void meanOfNoRowsIsRefused() {
        for (boolean withCovariance : new boolean[] {false, true}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.meanCov(FloatMatrix.allocate(0, 3), withCovariance));
            assertEquals("mean of an empty matrix", e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({"1,3", "2,1", "57,13", "300,65"})
    void meanAndCovarianceMatchReference(int n, int d) {
        double[][] x = Reference.asFloat(Reference.random(new Random(n + 13L * d), n, d));
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) (row[j] * (1 + j) + 3 * j); // unequal scales and non-zero means
            }
        }
        MeanCov mc = kernels.meanCov(FloatMatrix.of(x), true);
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (int j = 0; j < d; j++) {
            assertEquals(mean[j], mc.mean()[j], 1e-5 * (1 + Math.abs(mean[j])));
        }
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double c = 0;
                for (double[] row : x) {
                    c += (row[p] - mean[p]) * (row[q] - mean[q]);
                }
                c /= Math.max(1, n - 1);
                double scale = 1 + Math.sqrt(Math.abs(c)) * (1 + p) * (1 + q);
                assertEquals(c, mc.covariance().get(p, q), 1e-4 * scale, "cov " + p + "," + q);
            }
        }
    }

    /** Every transpose combination against a double-precision product, on awkward shapes. */
    @ParameterizedTest
    @CsvSource({"1,1,1", "7,5,3", "33,17,65", "64,128,9"})
    void multiplyMatchesTheDoubleProductInEveryTransposeCombination(int m, int n, int k) {
        Random rnd = new Random(m * 101L + n * 11L + k);
        double[][] a = Reference.asFloat(Reference.random(rnd, m, k));
        double[][] b = Reference.asFloat(Reference.random(rnd, k, n));
        double[][] want = Reference.multiply(a, b);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                FloatMatrix fa = FloatMatrix.of(ta ? Reference.transpose(a) : a);
                FloatMatrix fb = FloatMatrix.of(tb ? Reference.transpose(b) : b);
                FloatMatrix c = kernels.multiply(fa, ta, fb, tb);
                assertEquals(m, c.rows());
                assertEquals(n, c.cols());
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(want[i][j], c.get(i, j), 1e-5 * (1 + k), ta + "/" + tb + " [" + i + "][" + j + "]");
                    }
                }
            }
        }
        if (m != k) {
            assertThrows(IllegalArgumentException.class,
                    () -> kernels.multiply(FloatMatrix.of(a), true, FloatMatrix.of(b), false), "inner sizes differ");
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "50,7", "7,50", "200,33", "13,13"})
    void svdReconstructsAndMatchesReferenceSingularValues(int m, int n) {
        double[][] a = Reference.asFloat(Reference.random(new Random(m * 17L + n), m, n));
        Svd svd = kernels.svd(FloatMatrix.of(a));
        int r = Math.min(m, n);
        double[][] gram = m >= n ? Reference.multiply(Reference.transpose(a), a) : Reference.multiply(a, Reference.transpose(a));
        double[] eig = Reference.symmetricEigenvalues(gram);
        double top = Math.sqrt(Math.max(eig[0], 0));
        for (int i = 0; i < r; i++) {
            assertEquals(Math.sqrt(Math.max(eig[i], 0)), svd.s()[i], 1e-5 * (1 + top), "singular value " + i);
            if (i > 0) {
                assertTrue(svd.s()[i] <= svd.s()[i - 1]);
            }
        }
        double[][] u = Reference.toDouble(svd.u());
        double[][] vt = Reference.toDouble(svd.vt());
        assertOrthonormalColumns(u);
        assertOrthonormalColumns(Reference.transpose(vt));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int c = 0; c < r; c++) {
                    v += u[i][c] * svd.s()[c] * vt[c][j];
                }
                assertEquals(a[i][j], v, 1e-5 * (1 + top));
            }
        }
    }

    private static void assertOrthonormalColumns(double[][] q) {
        double[][] g = Reference.multiply(Reference.transpose(q), q);
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                assertEquals(i == j ? 1 : 0, g[i][j], 1e-5, "Q^T Q at " + i + "," + j);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "5,2", "13,13", "40,3"})
    void eigenvectorsMatchReference(int d, int k) {
        double[][] x = Reference.asFloat(Reference.random(new Random(d * 5L + k), d + 4, d));
        double[][] sym = Reference.asFloat(Reference.multiply(Reference.transpose(x), x));
        Eigen e = kernels.eighTopK(FloatMatrix.of(sym), k);
        double[] expected = Reference.symmetricEigenvalues(sym);
        double[][] v = Reference.toDouble(e.vectors());
        assertOrthonormalColumns(v);
        for (int c = 0; c < k; c++) {
            double tol = 1e-5 * (1 + Math.abs(expected[0]));
            assertEquals(expected[c], e.values()[c], tol, "eigenvalue " + c);
            for (int i = 0; i < d; i++) {
                double av = 0;
                for (int j = 0; j < d; j++) {
                    av += sym[i][j] * v[j][c];
                }
                assertEquals(e.values()[c] * v[i][c], av, 1e-4 * (1 + Math.abs(expected[0])), "A v = λ v");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "9,5,2", "31,64,7"})
    void projectionsAreIdempotentComplementaryAndMatchReference(int n, int d, int r) {
        Random rnd = new Random(n + 11L * d + r);
        Svd basisSource = kernels.svd(FloatMatrix.of(Reference.random(rnd, d, r)));
        FloatMatrix basis = basisSource.u(); // d x r, orthonormal columns
        double[][] x = Reference.asFloat(Reference.random(rnd, n, d));
        Projection p = kernels.project(FloatMatrix.of(x), basis);
        double[][] b = Reference.toDouble(basis);
        double[][] expected = Reference.multiply(Reference.multiply(x, b), Reference.transpose(b));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(expected[i][j], p.inSubspace().get(i, j), 1e-5);
                assertEquals(x[i][j], p.inSubspace().get(i, j) + p.complement().get(i, j), 1e-5);
            }
        }
        Projection twice = kernels.project(p.inSubspace(), basis);
        Projection ofComplement = kernels.project(p.complement(), basis);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(p.inSubspace().get(i, j), twice.inSubspace().get(i, j), 1e-5, "P P = P");
                assertEquals(0, ofComplement.inSubspace().get(i, j), 1e-5, "P (I - P) = 0");
            }
        }
    }
}
