package org.babelscope.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kernel of the CUDA backend against the CPU backend and the double-precision
 * {@link Reference}, on random inputs of awkward shapes and at tile budgets that do not divide N.
 * Runs only on a machine with a usable device ({@code mvn test -Pcuda}); elsewhere every test is
 * skipped.
 *
 * <p>Tolerances: similarities within {@value #COS_TOL} of the CPU and of the reference, top-k values
 * within {@value #TOPK_TOL}. Discrete outcomes (neighbour indices, MEXA's decisions) are compared
 * exactly only where the reference separates them by more than {@value #TIE_GAP}; inputs made of
 * ±1/√d entries, whose dot products every summation order computes exactly, check exact ties.
 */
@Tag("cuda")
class CudaKernelsTest {
    private static final double COS_TOL = 1e-4;
    private static final double TOPK_TOL = 1e-5;
    private static final double TIE_GAP = 1e-4;
    private static final double TF32_TOL = 5e-3;
    /** A budget of 37 x 41 floats, 64 KiB, and the backend's default: none divides the shapes below. */
    private static final long[] BUDGETS = {37 * 41 * 4, 1 << 16, 0};

    private static final Map<String, Kernels> OPEN = new LinkedHashMap<>();
    private static Optional<String> unavailable;
    private static Kernels cpu;

    @BeforeAll
    static void probe() {
        unavailable = Backends.cudaUnavailableReason();
        cpu = Backends.cpu();
    }

    @BeforeEach
    void requireDevice() {
        assumeTrue(unavailable.isEmpty(), () -> "no usable CUDA backend here: " + unavailable.orElse(""));
    }

    @AfterAll
    static void closeAll() {
        for (Kernels k : OPEN.values()) {
            k.close();
        }
        OPEN.clear();
    }

    /** One instance per budget and precision, opened on first use and kept for the class. */
    private static Kernels cuda(long budget, Precision precision) {
        return OPEN.computeIfAbsent(budget + "/" + precision, key -> Backends.cuda(budget, precision));
    }

    private static Kernels cuda(long budget) {
        return cuda(budget, Precision.FP32);
    }

    private static Kernels cuda() {
        return cuda(0);
    }

    // ---------------------------------------------------------------- inputs

    private static double[][] data(Random rnd, int n, int d) {
        return Reference.asFloat(Reference.random(rnd, n, d));
    }

    /** Random data whose rows have unequal norms (1 to 7 times), so that cosine must normalise. */
    private static double[][] scaledData(Random rnd, int n, int d) {
        double[][] x = Reference.random(rnd, n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] *= 1 + i % 7;
            }
        }
        return Reference.asFloat(x);
    }

    /**
     * Unit rows of ±1/√d entries (d a power of 4): every dot product is a multiple of 1/d, exact in
     * float under any summation order, so equal similarities are equal bit for bit on any backend.
     */
    private static double[][] signRows(Random rnd, int n, int d) {
        double v = 1 / Math.sqrt(d);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextBoolean() ? v : -v;
            }
        }
        return x;
    }

    /** The rows normalised by the CPU backend, so that both backends see the same input. */
    private static FloatMatrix cpuNormalized(double[][] x) {
        FloatMatrix m = FloatMatrix.of(x);
        cpu.normalizeRows(m);
        return m;
    }

    // ---------------------------------------------------------------- comparisons

    private static void assertClose(double[][] expected, FloatMatrix actual, double tol, String what) {
        int cols = expected.length == 0 ? actual.cols() : expected[0].length;
        assertEquals(expected.length, actual.rows(), what + ": rows");
        assertEquals(cols, actual.cols(), what + ": columns");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < cols; j++) {
                double e = expected[i][j];
                float a = actual.get(i, j);
                if (!(Math.abs(e - a) <= tol)) {
                    fail(String.format(Locale.ROOT, "%s at [%d][%d]: expected %s, got %s (tolerance %s)",
                            what, i, j, e, a, tol));
                }
            }
        }
    }

    private static void assertClose(FloatMatrix expected, FloatMatrix actual, double tol, String what) {
        assertClose(Reference.toDouble(expected), actual, tol, what);
    }

    private static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(String.format(Locale.ROOT, "%s at [%d]: expected %s, got %s (tolerance %s)",
                        what, i, expected[i], actual[i], tol));
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        double[] e = new double[expected.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected[i];
        }
        assertClose(e, actual, tol, what);
    }

    private static void assertOrthonormalColumns(double[][] q, double tol, String what) {
        double[][] g = Reference.multiply(Reference.transpose(q), q);
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                if (!(Math.abs((i == j ? 1 : 0) - g[i][j]) <= tol)) {
                    fail(what + ": QᵀQ at " + i + "," + j + " is " + g[i][j]);
                }
            }
        }
    }

    /** Indices by descending value, smaller index first on equal values (the documented order). */
    private static int[] rankedIndices(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> v[x] != v[y] ? Double.compare(v[y], v[x]) : Integer.compare(x, y));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** How far the value at rank r of the ranking stands from its neighbours' (∞ with none). */
    private static double rankGap(double[] v, int[] order, int r) {
        double gap = Double.POSITIVE_INFINITY;
        if (r > 0) {
            gap = Math.min(gap, v[order[r - 1]] - v[order[r]]);
        }
        if (r + 1 < order.length) {
            gap = Math.min(gap, v[order[r]] - v[order[r + 1]]);
        }
        return gap;
    }

    // ---------------------------------------------------------------- normalizeRows

    @ParameterizedTest
    @CsvSource({"1,1", "2,3", "37,65", "1000,1", "1000,65", "3,1024", "1531,1024"})
    void normalizeRowsMatchesCpuAndReference(int n, int d) {
        double[][] x = data(new Random(n * 31L + d), n, d);
        FloatMatrix onDevice = FloatMatrix.of(x);
        cuda().normalizeRows(onDevice);
        FloatMatrix onCpu = FloatMatrix.of(x);
        cpu.normalizeRows(onCpu);
        assertClose(Reference.normalizedRows(x), onDevice, 1e-6, "normalised vs reference");
        assertClose(onCpu, onDevice, 1e-6, "normalised vs cpu");
    }

    @Test
    void normalizeRowsKeepsZeroRowsAndRejectsNonFinite() {
        Kernels k = cuda();
        FloatMatrix m = FloatMatrix.of(new float[][] {{3, 4}, {0, 0}, {1, Float.NaN}, {Float.POSITIVE_INFINITY, 0}});
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> k.normalizeRows(m));
        assertEquals(2, e.row());
        FloatMatrix ok = FloatMatrix.of(new float[][] {{3, 4}, {0, 0}});
        k.normalizeRows(ok);
        assertArrayEquals(new float[] {0.6f, 0.8f}, ok.row(0), 1e-7f);
        assertArrayEquals(new float[] {0f, 0f}, ok.row(1), 0f);
    }

    /** Bad values far apart in a large matrix: the first bad row is named, whichever block finds which. */
    @ParameterizedTest
    @CsvSource({
        "1531,65,1200,3,Infinity,700,64,NaN,700",
        "1000,1024,999,1023,NaN,0,0,Infinity,0",
        "37,1,36,0,-Infinity,36,0,-Infinity,36",
        "1531,1024,1530,1,NaN,1529,1000,-Infinity,1529"})
    void normalizeRowsNamesTheFirstNonFiniteRow(int n, int d, int r1, int c1, float v1, int r2, int c2, float v2,
            long first) {
        float[][] x = Reference.toFloat(data(new Random(n + 7L * d), n, d));
        x[r1][c1] = v1;
        x[r2][c2] = v2;
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                () -> cuda().normalizeRows(FloatMatrix.of(x)));
        assertEquals(first, e.row(), e.getMessage());
    }

    @Test
    void normalizeRowsLeavesZeroRowsZeroInLargeInputs() {
        int n = 1531;
        int d = 1024;
        double[][] x = data(new Random(11), n, d);
        for (int zero : new int[] {0, 37, 1000, 1530}) {
            Arrays.fill(x[zero], 0);
        }
        FloatMatrix m = FloatMatrix.of(x);
        cuda().normalizeRows(m);
        for (int zero : new int[] {0, 37, 1000, 1530}) {
            assertArrayEquals(new float[d], m.row(zero), 0f, "zero row " + zero);
        }
        assertClose(Reference.normalizedRows(x), m, 1e-6, "normalised vs reference");
    }

    // ---------------------------------------------------------------- cosine

    @ParameterizedTest
    @CsvSource({"1,1,1", "2,37,3", "37,2,65", "1,1000,3", "1000,37,1024", "37,1531,1024", "1531,1000,65"})
    void cosineMatchesCpuAndReferenceAtEveryTileBudget(int na, int nb, int d) {
        Random rnd = new Random(na * 1000L + nb * 10L + d);
        double[][] a = scaledData(rnd, na, d);
        double[][] b = scaledData(rnd, nb, d);
        double[][] expected = Reference.products(Reference.normalizedRows(a), Reference.normalizedRows(b));
        FloatMatrix fa = FloatMatrix.of(a);
        FloatMatrix fb = FloatMatrix.of(b);
        FloatMatrix onCpu = cpu.cosine(fa, fb);
        for (long budget : BUDGETS) {
            FloatMatrix c = cuda(budget).cosine(fa, fb);
            assertClose(expected, c, COS_TOL, "cosine vs reference, budget " + budget);
            assertClose(onCpu, c, COS_TOL, "cosine vs cpu, budget " + budget);
        }
        // The overload into a caller-owned matrix overwrites whatever it held.
        FloatMatrix out = FloatMatrix.allocate(na, nb);
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < nb; j++) {
                out.set(i, j, 7f);
            }
        }
        cuda().cosine(fa, fb, out);
        assertClose(expected, out, COS_TOL, "cosine into out vs reference");
        // The inputs are read, not normalised in place.
        assertClose(a, fa, 0, "a after cosine");
        assertClose(b, fb, 0, "b after cosine");
    }

    @Test
    void cosineHandWorkedWithAZeroRow() {
        FloatMatrix a = FloatMatrix.of(new float[][] {{1, 0}, {1, 1}, {0, 0}});
        FloatMatrix b = FloatMatrix.of(new float[][] {{2, 0}, {0, 3}, {-1, -1}, {0, 0}});
        FloatMatrix c = cuda().cosine(a, b);
        double h = Math.sqrt(0.5);
        float[][] expected = {{1, 0, (float) -h, 0}, {(float) h, (float) h, -1, 0}, {0, 0, 0, 0}};
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], c.row(i), 1e-6f, "row " + i);
        }
    }

    @Test
    void cosineRejectsMismatchedShapes() {
        FloatMatrix a = FloatMatrix.of(data(new Random(1), 3, 4));
        FloatMatrix b = FloatMatrix.of(data(new Random(2), 5, 4));
        FloatMatrix narrow = FloatMatrix.of(data(new Random(3), 5, 3));
        assertThrows(IllegalArgumentException.class, () -> cuda().cosine(a, narrow));
        assertThrows(IllegalArgumentException.class, () -> cuda().cosine(a, b, FloatMatrix.allocate(5, 3)));
    }

    // ---------------------------------------------------------------- MEXA

    @ParameterizedTest
    @CsvSource({"1,3,0.6", "2,3,0.6", "37,65,0.6", "1000,65,0.6", "1531,1024,2.25"})
    void mexaMatchesCpuAndReferenceAtEveryTileBudget(int n, int d, double noise) {
        double[][][] pair = Reference.alignedPair(new Random(n * 7L + d), n, d, noise);
        double[][] s = Reference.products(Reference.normalizedRows(pair[0]), Reference.normalizedRows(pair[1]));
        double[] rowMax = new double[n];
        double[] colMax = new double[n];
        boolean[] aligned = new boolean[n];
        boolean[] decided = new boolean[n];
        int expectedAligned = 0;
        int nearTies = 0;
        for (int i = 0; i < n; i++) {
            rowMax[i] = Double.NEGATIVE_INFINITY;
            colMax[i] = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    rowMax[i] = Math.max(rowMax[i], s[i][j]);
                    colMax[i] = Math.max(colMax[i], s[j][i]);
                }
            }
            aligned[i] = s[i][i] > rowMax[i] && s[i][i] > colMax[i];
            expectedAligned += aligned[i] ? 1 : 0;
            decided[i] = Math.min(Math.abs(s[i][i] - rowMax[i]), Math.abs(s[i][i] - colMax[i])) > TIE_GAP;
            nearTies += decided[i] ? 0 : 1;
        }
        if (n > 10) {
            assertTrue(expectedAligned > 0 && expectedAligned < n, "test data must mix aligned and not: "
                    + expectedAligned + " of " + n);
        }
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = s[i][i];
        }
        FloatMatrix a = cpuNormalized(pair[0]);
        FloatMatrix b = cpuNormalized(pair[1]);
        MexaReduction onCpu = cpu.mexa(a, b);
        MexaReduction first = null;
        for (long budget : BUDGETS) {
            MexaReduction r = cuda(budget).mexa(a, b);
            String at = "n=" + n + " d=" + d + " budget=" + budget;
            assertClose(diag, r.diag(), COS_TOL, "diag vs reference, " + at);
            assertClose(onCpu.diag(), r.diag(), COS_TOL, "diag vs cpu, " + at);
            if (n == 1) {
                assertEquals(Float.NEGATIVE_INFINITY, r.rowMax()[0], at);
                assertEquals(Float.NEGATIVE_INFINITY, r.colMax()[0], at);
            } else {
                assertClose(rowMax, r.rowMax(), COS_TOL, "row max vs reference, " + at);
                assertClose(colMax, r.colMax(), COS_TOL, "col max vs reference, " + at);
                assertClose(onCpu.rowMax(), r.rowMax(), COS_TOL, "row max vs cpu, " + at);
                assertClose(onCpu.colMax(), r.colMax(), COS_TOL, "col max vs cpu, " + at);
            }
            for (int i = 0; i < n; i++) {
                if (decided[i]) {
                    boolean got = r.diag()[i] > r.rowMax()[i] && r.diag()[i] > r.colMax()[i];
                    assertEquals(aligned[i], got, "MEXA decision of item " + i + ", " + at);
                }
            }
            assertTrue(Math.abs(r.alignedCount() - expectedAligned) <= nearTies, "MEXA count " + r.alignedCount()
                    + ", reference " + expectedAligned + " with " + nearTies + " near-ties, " + at);
            if (nearTies == 0) {
                assertEquals(expectedAligned, r.alignedCount(), "MEXA count, " + at);
                assertEquals(onCpu.alignedCount(), r.alignedCount(), "MEXA count vs cpu, " + at);
            }
            if (first == null) {
                first = r;
            } else {
                assertClose(first.diag(), r.diag(), 1e-5, "diag across budgets, " + at);
                if (n > 1) {
                    assertClose(first.rowMax(), r.rowMax(), 1e-5, "row max across budgets, " + at);
                    assertClose(first.colMax(), r.colMax(), 1e-5, "col max across budgets, " + at);
                }
                if (nearTies == 0) {
                    assertEquals(first.alignedCount(), r.alignedCount(), "MEXA count across budgets, " + at);
                }
            }
        }
    }

    /** Exact ties (diag equal to another candidate) do not count as aligned, on any tiling. */
    @Test
    void mexaOnExactValuesIsExactAndCountsTiesAsNotAligned() {
        int n = 301;
        int d = 64;
        Random rnd = new Random(19);
        double[][] a = signRows(rnd, n, d);
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            b[i] = a[i].clone();
            for (int f = 0; f < i % 23; f++) {
                b[i][rnd.nextInt(d)] *= -1; // drifts away from its partner in steps of 1/32
            }
        }
        for (int i = 5; i < n; i += 10) {
            b[i] = b[i - 1].clone(); // target i equals target i-1: S[i][i] = S[i][i-1]
        }
        double[][] s = Reference.products(a, b);
        double[] diag = new double[n];
        double[] rowMax = new double[n];
        double[] colMax = new double[n];
        int expected = 0;
        boolean tieSeen = false;
        for (int i = 0; i < n; i++) {
            diag[i] = s[i][i];
            rowMax[i] = Double.NEGATIVE_INFINITY;
            colMax[i] = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    rowMax[i] = Math.max(rowMax[i], s[i][j]);
                    colMax[i] = Math.max(colMax[i], s[j][i]);
                }
            }
            expected += diag[i] > rowMax[i] && diag[i] > colMax[i] ? 1 : 0;
            tieSeen |= diag[i] == rowMax[i] || diag[i] == colMax[i];
        }
        assertTrue(tieSeen && expected > 0 && expected < n, "the data must hold exact ties and a mix");
        FloatMatrix fa = FloatMatrix.of(a);
        FloatMatrix fb = FloatMatrix.of(b);
        for (long budget : BUDGETS) {
            MexaReduction r = cuda(budget).mexa(fa, fb);
            assertClose(diag, r.diag(), 0, "diag, budget " + budget);
            assertClose(rowMax, r.rowMax(), 0, "row max, budget " + budget);
            assertClose(colMax, r.colMax(), 0, "col max, budget " + budget);
            assertEquals(expected, r.alignedCount(), "MEXA count, budget " + budget);
        }
    }

    @Test
    void mexaHandWorked() {
        FloatMatrix a = cpuNormalized(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        FloatMatrix b = cpuNormalized(new double[][] {{1, 2, 0}, {0, 1, 0}, {0, 0.5, 1}});
        MexaReduction r = cuda().mexa(a, b);
        double c = 1 / Math.sqrt(5);
        double e = 1 / Math.sqrt(1.25);
        assertArrayEquals(new float[] {(float) c, 1f, (float) e}, r.diag(), 1e-6f);
        assertArrayEquals(new float[] {0f, (float) (2 * c), 0f}, r.rowMax(), 1e-6f);
        assertArrayEquals(new float[] {(float) (2 * c), 0f, (float) (0.5 * e)}, r.colMax(), 1e-6f);
        assertEquals(2, r.alignedCount());
    }

    // ---------------------------------------------------------------- top-k

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "2,37,3,2", "37,2,65,1", "37,1000,65,8", "1000,37,1024,37", "1531,1000,65,64",
        "150,1531,1024,64"})
    void topKMatchesCpuAndReferenceAtEveryTileBudget(int na, int nb, int d, int k) {
        Random rnd = new Random(na * 31L + nb * 7L + d + k);
        double[][] a = data(rnd, na, d);
        double[][] b = data(rnd, nb, d);
        double[][] s = Reference.products(Reference.normalizedRows(a), Reference.normalizedRows(b));
        double[][] st = Reference.transpose(s);
        int[][] rowOrder = new int[na][];
        int[][] colOrder = new int[nb][];
        for (int i = 0; i < na; i++) {
            rowOrder[i] = rankedIndices(s[i]);
        }
        for (int j = 0; j < nb; j++) {
            colOrder[j] = rankedIndices(st[j]);
        }
        FloatMatrix fa = cpuNormalized(a);
        FloatMatrix fb = cpuNormalized(b);
        TopK onCpu = cpu.topK(fa, fb, k);
        TopK first = null;
        for (long budget : BUDGETS) {
            TopK t = cuda(budget).topK(fa, fb, k);
            String at = na + "x" + nb + " d=" + d + " k=" + k + " budget=" + budget;
            assertEquals(k, t.k(), at);
            assertEquals(na * k, t.rowValues().length, at);
            assertEquals(na * k, t.rowIndices().length, at);
            assertEquals(nb * k, t.colValues().length, at);
            assertEquals(nb * k, t.colIndices().length, at);
            assertEquals(Math.min(na, nb), t.diag().length, at);
            checkNeighbours(s, rowOrder, t.rowValues(), t.rowIndices(), k, "row", at);
            checkNeighbours(st, colOrder, t.colValues(), t.colIndices(), k, "col", at);
            checkNeighbours(s, rowOrder, onCpu.rowValues(), onCpu.rowIndices(), k, "cpu row", at);
            assertClose(onCpu.rowValues(), t.rowValues(), TOPK_TOL, "row values vs cpu, " + at);
            assertClose(onCpu.colValues(), t.colValues(), TOPK_TOL, "col values vs cpu, " + at);
            for (int i = 0; i < Math.min(na, nb); i++) {
                assertEquals(s[i][i], t.diag()[i], TOPK_TOL, "diag " + i + ", " + at);
            }
            assertDiagonalExactInLists(t, at);
            if (first == null) {
                first = t;
            } else {
                assertClose(first.rowValues(), t.rowValues(), TOPK_TOL, "row values across budgets, " + at);
                assertClose(first.colValues(), t.colValues(), TOPK_TOL, "col values across budgets, " + at);
                assertClose(first.diag(), t.diag(), TOPK_TOL, "diag across budgets, " + at);
            }
        }
    }

    /**
     * Values rank by rank within {@link #TOPK_TOL} of the reference, descending, distinct in-range
     * indices, and the reference's index wherever its neighbours stand more than {@link #TIE_GAP} away.
     */
    private static void checkNeighbours(double[][] s, int[][] order, float[] values, int[] indices, int k,
            String side, String at) {
        for (int i = 0; i < s.length; i++) {
            boolean[] seen = new boolean[s[i].length];
            for (int r = 0; r < k; r++) {
                float v = values[i * k + r];
                int idx = indices[i * k + r];
                String where = side + " " + i + " rank " + r + ", " + at;
                assertEquals(s[i][order[i][r]], v, TOPK_TOL, "value of " + where);
                assertTrue(idx >= 0 && idx < s[i].length && !seen[idx], "index " + idx + " of " + where);
                seen[idx] = true;
                if (r > 0) {
                    assertTrue(values[i * k + r - 1] >= v, "descending values at " + where);
                }
                if (rankGap(s[i], order[i], r) > TIE_GAP) {
                    assertEquals(order[i][r], idx, "index of " + where);
                }
            }
        }
    }

    /** The diagonal comes from the same tiles as the lists: where i is in row i's list, the values are equal. */
    private static void assertDiagonalExactInLists(TopK t, String at) {
        int k = t.k();
        for (int i = 0; i < t.diag().length; i++) {
            for (int r = 0; r < k; r++) {
                if (i < t.rows() && t.rowIndex(i, r) == i) {
                    assertEquals(Float.floatToRawIntBits(t.diag()[i]), Float.floatToRawIntBits(t.rowValue(i, r)),
                            "row " + i + ": list value " + t.rowValue(i, r) + " vs diag " + t.diag()[i] + ", " + at);
                }
                if (i < t.cols() && t.colIndex(i, r) == i) {
                    assertEquals(Float.floatToRawIntBits(t.diag()[i]), Float.floatToRawIntBits(t.colValue(i, r)),
                            "col " + i + ": list value " + t.colValue(i, r) + " vs diag " + t.diag()[i] + ", " + at);
                }
            }
        }
    }

    @Test
    void topKBreaksTiesBySmallerIndexWhateverTheTiling() {
        // Targets 1, 3 and 4 are identical, so pivot 0 sees three equal best candidates.
        double[][] a = {{1, 0}, {0, 1}};
        double[][] b = {{0, 1}, {1, 1}, {-1, 0}, {1, 1}, {1, 1}};
        for (long budget : BUDGETS) {
            TopK t = cuda(budget).topK(cpuNormalized(a), cpuNormalized(b), 2);
            assertEquals(1, t.rowIndex(0, 0), "budget " + budget);
            assertEquals(3, t.rowIndex(0, 1), "budget " + budget);
            assertEquals(0, t.rowIndex(1, 0), "budget " + budget);
            assertEquals(1, t.rowIndex(1, 1), "budget " + budget);
            // Column 1: both pivots give cos = 1/sqrt(2); pivot 0 comes first.
            assertEquals(0, t.colIndex(1, 0), "budget " + budget);
            assertEquals(1, t.colIndex(1, 1), "budget " + budget);
        }
    }

    /**
     * Rows of ±1/√d: similarities take few exactly computed values, so the lists are full of exact
     * ties across tile boundaries. Values and indices must equal the reference's exactly, ties
     * broken by the smaller index, at every budget.
     */
    @ParameterizedTest
    @CsvSource({"37,150,64,10", "1000,1531,16,64", "1531,1000,1024,5", "64,64,4,64"})
    void topKOnExactTiesIsExactAndPutsTheSmallerIndexFirst(int na, int nb, int d, int k) {
        Random rnd = new Random(na + 3L * nb + d + k);
        double[][] a = signRows(rnd, na, d);
        double[][] b = signRows(rnd, nb, d);
        for (int j = 7; j < nb; j += 7) {
            b[j] = b[j - 3].clone(); // exact duplicate targets as well
        }
        double[][] s = Reference.products(a, b);
        double[][] st = Reference.transpose(s);
        FloatMatrix fa = FloatMatrix.of(a);
        FloatMatrix fb = FloatMatrix.of(b);
        for (long budget : BUDGETS) {
            TopK t = cuda(budget).topK(fa, fb, k);
            String at = na + "x" + nb + " d=" + d + " k=" + k + " budget=" + budget;
            for (int i = 0; i < na; i++) {
                int[] order = rankedIndices(s[i]);
                for (int r = 0; r < k; r++) {
                    assertEquals(s[i][order[r]], t.rowValue(i, r), 0, "row " + i + " rank " + r + " value, " + at);
                    assertEquals(order[r], t.rowIndex(i, r), "row " + i + " rank " + r + " index, " + at);
                }
            }
            for (int j = 0; j < nb; j++) {
                int[] order = rankedIndices(st[j]);
                for (int r = 0; r < k; r++) {
                    assertEquals(st[j][order[r]], t.colValue(j, r), 0, "col " + j + " rank " + r + " value, " + at);
                    assertEquals(order[r], t.colIndex(j, r), "col " + j + " rank " + r + " index, " + at);
                }
            }
            for (int i = 0; i < Math.min(na, nb); i++) {
                assertEquals(s[i][i], t.diag()[i], 0, "diag " + i + ", " + at);
            }
        }
    }

    @Test
    void topKTakesUpTo64AndRefusesMore() {
        FloatMatrix a = cpuNormalized(data(new Random(1), 100, 65));
        FloatMatrix b = cpuNormalized(data(new Random(2), 80, 65));
        TopK t = cuda().topK(a, b, 64);
        assertEquals(64, t.k());
        assertEquals(100 * 64, t.rowValues().length);
        assertThrows(KernelException.class, () -> cuda().topK(a, b, 65));
        assertThrows(KernelException.class, () -> cuda(37 * 41 * 4).topK(a, b, 80));
    }

    @Test
    void topKRejectsKOutsideOneToEitherSide() {
        FloatMatrix a = cpuNormalized(data(new Random(1), 3, 4));
        FloatMatrix b = cpuNormalized(data(new Random(2), 5, 4));
        assertThrows(IllegalArgumentException.class, () -> cuda().topK(a, b, 4));
        assertThrows(IllegalArgumentException.class, () -> cuda().topK(a, b, 0));
    }

    // ---------------------------------------------------------------- option blocks

    @ParameterizedTest
    @CsvSource({"2,1,1", "3,17,5", "4,1000,65", "5,37,1024", "2,1531,3"})
    void optionBlocksMatchCpuAndReference(int k, int items, int d) {
        Random rnd = new Random(k * 100L + items + d);
        List<double[][]> piv = new ArrayList<>();
        List<double[][]> tgt = new ArrayList<>();
        List<FloatMatrix> pm = new ArrayList<>();
        List<FloatMatrix> tm = new ArrayList<>();
        for (int o = 0; o < k; o++) {
            double[][] p = data(rnd, items, d);
            double[][] t = data(rnd, items, d);
            piv.add(Reference.normalizedRows(p));
            tgt.add(Reference.normalizedRows(t));
            pm.add(cpuNormalized(p));
            tm.add(cpuNormalized(t));
        }
        OptionBlocks blocks = cuda().optionBlocks(pm, tm, true);
        OptionBlocks onCpu = cpu.optionBlocks(pm, tm, true);
        assertEquals(items, blocks.items());
        assertEquals(k, blocks.options());
        int size = items * k * k;
        assertEquals(size, blocks.cross().length);
        assertEquals(size, blocks.pivotSelf().length);
        assertEquals(size, blocks.targetSelf().length);
        for (int i = 0; i < items; i++) {
            for (int o = 0; o < k; o++) {
                for (int p = 0; p < k; p++) {
                    String at = "item " + i + " options " + o + "," + p;
                    assertEquals(Reference.dot(piv.get(o)[i], tgt.get(p)[i]), blocks.cross(i, o, p), COS_TOL, at);
                    assertEquals(Reference.dot(piv.get(o)[i], piv.get(p)[i]), blocks.pivotSelf(i, o, p), COS_TOL, at);
                    assertEquals(Reference.dot(tgt.get(o)[i], tgt.get(p)[i]), blocks.targetSelf(i, o, p), COS_TOL, at);
                }
            }
        }
        assertClose(onCpu.cross(), blocks.cross(), COS_TOL, "cross vs cpu");
        assertClose(onCpu.pivotSelf(), blocks.pivotSelf(), COS_TOL, "pivot self vs cpu");
        assertClose(onCpu.targetSelf(), blocks.targetSelf(), COS_TOL, "target self vs cpu");

        OptionBlocks crossOnly = cuda(37 * 41 * 4).optionBlocks(pm, tm, false);
        assertNull(crossOnly.pivotSelf());
        assertNull(crossOnly.targetSelf());
        assertClose(blocks.cross(), crossOnly.cross(), 1e-6, "cross without self blocks");
    }

    // ---------------------------------------------------------------- mean and covariance

    @ParameterizedTest
    @CsvSource({"1,3", "2,1", "37,65", "1000,1", "1000,65", "1531,1024"})
    void meanAndCovarianceMatchCpuAndReferenceAndAreExactlySymmetric(int n, int d) {
        double[][] x = data(new Random(n + 13L * d), n, d);
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) (row[j] * (1 + j % 17) + 3 * j); // unequal scales and non-zero means
            }
        }
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] centredT = new double[d][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centredT[j][i] = x[i][j] - mean[j];
            }
        }
        double[][] cov = new double[d][d];
        for (int p = 0; p < d; p++) {
            for (int q = p; q < d; q++) {
                cov[p][q] = Reference.dot(centredT[p], centredT[q]) / Math.max(1, n - 1);
                cov[q][p] = cov[p][q];
            }
        }
        FloatMatrix fx = FloatMatrix.of(x);
        MeanCov mc = cuda().meanCov(fx, true);
        MeanCov onCpu = cpu.meanCov(fx, true);
        assertEquals(d, mc.mean().length);
        for (int j = 0; j < d; j++) {
            double tol = 2e-5 * (1 + Math.abs(mean[j]) + Math.sqrt(cov[j][j]));
            assertEquals(mean[j], mc.mean()[j], tol, "mean " + j);
            assertEquals(onCpu.mean()[j], mc.mean()[j], 2 * tol, "mean " + j + " vs cpu");
        }
        FloatMatrix c = mc.covariance();
        assertEquals(d, c.rows());
        assertEquals(d, c.cols());
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double tol = 1e-4 * Math.sqrt(cov[p][p] * cov[q][q]) + 1e-6;
                float v = c.get(p, q);
                if (!(Math.abs(cov[p][q] - v) <= tol && Math.abs(onCpu.covariance().get(p, q) - v) <= 2 * tol)) {
                    fail("cov " + p + "," + q + ": " + v + ", reference " + cov[p][q] + ", cpu "
                            + onCpu.covariance().get(p, q) + " (tolerance " + tol + ")");
                }
                if (Float.floatToRawIntBits(v) != Float.floatToRawIntBits(c.get(q, p))) {
                    fail("covariance not exactly symmetric at " + p + "," + q + ": " + v + " vs " + c.get(q, p));
                }
            }
        }
        MeanCov meanOnly = cuda().meanCov(fx, false);
        assertNull(meanOnly.covariance());
        for (int j = 0; j < d; j++) {
            double tol = 2e-5 * (1 + Math.abs(mean[j]) + Math.sqrt(cov[j][j]));
            assertEquals(mean[j], meanOnly.mean()[j], tol, "mean " + j + " without covariance");
        }
    }

    // ---------------------------------------------------------------- multiply

    /** Every transpose combination against a double-precision product; tolerance scales with Σ|a||b|. */
    @ParameterizedTest
    @CsvSource({"1,1,1", "7,5,3", "37,1000,65", "1531,37,1024", "2,1531,1", "65,3,1531"})
    void multiplyMatchesCpuAndTheDoubleProductInEveryTransposeCombination(int m, int n, int k) {
        Random rnd = new Random(m * 101L + n * 11L + k);
        double[][] a = data(rnd, m, k);
        double[][] b = data(rnd, k, n);
        double[][][] product = productAndAbsoluteSum(a, b);
        double[][] want = product[0];
        double[][] tol = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                tol[i][j] = 1e-5 * product[1][i][j] + 1e-6;
            }
        }
        double[][] bt = Reference.transpose(b);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                FloatMatrix fa = FloatMatrix.of(ta ? Reference.transpose(a) : a);
                FloatMatrix fb = FloatMatrix.of(tb ? bt : b);
                FloatMatrix c = cuda().multiply(fa, ta, fb, tb);
                FloatMatrix onCpu = cpu.multiply(fa, ta, fb, tb);
                assertEquals(m, c.rows(), ta + "/" + tb);
                assertEquals(n, c.cols(), ta + "/" + tb);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float v = c.get(i, j);
                        if (!(Math.abs(want[i][j] - v) <= tol[i][j] && Math.abs(onCpu.get(i, j) - v) <= 2 * tol[i][j])) {
                            fail("transpose " + ta + "/" + tb + " [" + i + "][" + j + "]: " + v + ", reference "
                                    + want[i][j] + ", cpu " + onCpu.get(i, j) + " (tolerance " + tol[i][j] + ")");
                        }
                    }
                }
            }
        }
        if (m != k) {
            assertThrows(IllegalArgumentException.class,
                    () -> cuda().multiply(FloatMatrix.of(a), true, FloatMatrix.of(b), false), "inner sizes differ");
        }
    }

    /** a·b in double, and per entry Σ_q |a[i][q]·b[q][j]|, the scale of its rounding error. */
    private static double[][][] productAndAbsoluteSum(double[][] a, double[][] b) {
        double[][] bt = Reference.transpose(b);
        double[][] sum = new double[a.length][bt.length];
        double[][] abs = new double[a.length][bt.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < bt.length; j++) {
                for (int q = 0; q < bt[j].length; q++) {
                    sum[i][j] += a[i][q] * bt[j][q];
                    abs[i][j] += Math.abs(a[i][q] * bt[j][q]);
                }
            }
        }
        return new double[][][] {sum, abs};
    }

    // ---------------------------------------------------------------- SVD

    @ParameterizedTest
    @CsvSource({"1,1", "2,1", "1,3", "37,37", "1000,3", "3,1000", "1531,65", "65,1531", "200,33"})
    void svdReconstructsIsOrthonormalAndMatchesReferenceSingularValues(int m, int n) {
        double[][] a = data(new Random(m * 17L + n), m, n);
        FloatMatrix fa = FloatMatrix.of(a);
        Svd svd = cuda().svd(fa);
        Svd onCpu = cpu.svd(fa);
        int r = Math.min(m, n);
        assertEquals(m, svd.u().rows());
        assertEquals(r, svd.u().cols());
        assertEquals(r, svd.s().length);
        assertEquals(r, svd.vt().rows());
        assertEquals(n, svd.vt().cols());
        double[][] gram = m >= n ? Reference.multiply(Reference.transpose(a), a) : Reference.multiply(a, Reference.transpose(a));
        double[] eig = Reference.symmetricEigenvalues(gram);
        double top = Math.sqrt(Math.max(eig[0], 0));
        double tol = 1e-5 * (1 + top);
        for (int i = 0; i < r; i++) {
            assertEquals(Math.sqrt(Math.max(eig[i], 0)), svd.s()[i], tol, "singular value " + i);
            assertEquals(onCpu.s()[i], svd.s()[i], tol, "singular value " + i + " vs cpu");
            assertTrue(svd.s()[i] >= 0, "non-negative singular value " + i);
            if (i > 0) {
                assertTrue(svd.s()[i] <= svd.s()[i - 1], "descending singular values at " + i);
            }
        }
        double[][] u = Reference.toDouble(svd.u());
        double[][] vt = Reference.toDouble(svd.vt());
        assertOrthonormalColumns(u, 2e-5, "U");
        assertOrthonormalColumns(Reference.transpose(vt), 2e-5, "V");
        double[][] us = new double[m][r];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < r; c++) {
                us[i][c] = u[i][c] * svd.s()[c];
            }
        }
        double[][] back = Reference.multiply(us, vt);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (!(Math.abs(a[i][j] - back[i][j]) <= tol)) {
                    fail("U·S·Vᵀ at " + i + "," + j + ": " + back[i][j] + " vs " + a[i][j] + " (tolerance " + tol + ")");
                }
            }
        }
    }

    // ---------------------------------------------------------------- eigenvectors

    @ParameterizedTest
    @CsvSource({"1,1", "3,2", "65,5", "65,65", "200,37", "1024,8"})
    void eighTopKMatchesCpuAndReference(int d, int k) {
        double[][] x = data(new Random(d * 5L + k), d + 4, d);
        double[][] sym = Reference.asFloat(Reference.multiply(Reference.transpose(x), x));
        FloatMatrix fs = FloatMatrix.of(sym);
        Eigen e = cuda().eighTopK(fs, k);
        Eigen onCpu = cpu.eighTopK(fs, Math.min(d, k + 1)); // one more, for the gap below the last
        assertEquals(k, e.values().length);
        assertEquals(d, e.vectors().rows());
        assertEquals(k, e.vectors().cols());
        double lead = Math.abs(onCpu.values()[0]);
        double tol = 1e-5 * (1 + lead);
        if (d <= 200) {
            double[] expected = Reference.symmetricEigenvalues(sym);
            for (int c = 0; c < k; c++) {
                assertEquals(expected[c], e.values()[c], tol, "eigenvalue " + c + " vs reference");
            }
        }
        double[][] v = Reference.toDouble(e.vectors());
        double[][] w = Reference.toDouble(onCpu.vectors());
        assertOrthonormalColumns(v, 2e-5, "eigenvectors");
        for (int c = 0; c < k; c++) {
            assertEquals(onCpu.values()[c], e.values()[c], tol, "eigenvalue " + c + " vs cpu");
            if (c > 0) {
                assertTrue(e.values()[c] <= e.values()[c - 1], "descending eigenvalues at " + c);
            }
            for (int i = 0; i < d; i++) {
                double av = 0;
                for (int j = 0; j < d; j++) {
                    av += sym[i][j] * v[j][c];
                }
                assertEquals(e.values()[c] * v[i][c], av, 1e-4 * (1 + lead), "A v = λ v, vector " + c + " row " + i);
            }
            // Up to sign, the same vector as the CPU's wherever the eigenvalue stands apart.
            double gap = Double.POSITIVE_INFINITY;
            if (c > 0) {
                gap = Math.min(gap, onCpu.values()[c - 1] - onCpu.values()[c]);
            }
            if (c + 1 < onCpu.values().length) {
                gap = Math.min(gap, onCpu.values()[c] - onCpu.values()[c + 1]);
            }
            if (gap > 1e-3 * (1 + lead)) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += v[i][c] * w[i][c];
                }
                double sign = Math.signum(dot);
                for (int i = 0; i < d; i++) {
                    assertEquals(sign * w[i][c], v[i][c], 1e-3, "eigenvector " + c + " row " + i + " vs cpu (up to sign)");
                }
            }
        }
    }

    // ---------------------------------------------------------------- projection

    @ParameterizedTest
    @CsvSource({"1,1,1", "9,5,2", "37,65,7", "1000,3,3", "1531,1024,37"})
    void projectionsMatchCpuAndReferenceAndAreIdempotentAndComplementary(int n, int d, int r) {
        Random rnd = new Random(n + 11L * d + r);
        FloatMatrix basis = cpu.svd(FloatMatrix.of(Reference.random(rnd, d, r))).u(); // d x r, orthonormal columns
        double[][] x = data(rnd, n, d);
        FloatMatrix fx = FloatMatrix.of(x);
        Projection p = cuda().project(fx, basis);
        Projection onCpu = cpu.project(fx, basis);
        double[][] b = Reference.toDouble(basis);
        double[][] expected = Reference.multiply(Reference.multiply(x, b), Reference.transpose(b));
        double tol = 1e-5 * Math.max(1, Math.sqrt(d) / 4);
        assertClose(expected, p.inSubspace(), tol, "in subspace vs reference");
        assertClose(onCpu.inSubspace(), p.inSubspace(), 2 * tol, "in subspace vs cpu");
        assertClose(onCpu.complement(), p.complement(), 2 * tol, "complement vs cpu");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double sum = p.inSubspace().get(i, j) + p.complement().get(i, j);
                if (!(Math.abs(x[i][j] - sum) <= tol)) {
                    fail("in + complement at " + i + "," + j + ": " + sum + " vs " + x[i][j]);
                }
            }
        }
        Projection twice = cuda().project(p.inSubspace(), basis);
        Projection ofComplement = cuda().project(p.complement(), basis);
        assertClose(p.inSubspace(), twice.inSubspace(), tol, "P P = P");
        assertClose(new double[n][d], ofComplement.inSubspace(), tol, "P (I - P) = 0");
    }

    // ---------------------------------------------------------------- TF32

    @Test
    void tf32SimilaritiesStayWithinToleranceOfFp32() {
        Random rnd = new Random(32);
        double[][][] pair = Reference.alignedPair(rnd, 1531, 1024, 2.25);
        double[][] other = data(rnd, 1000, 1024);
        FloatMatrix a = cpuNormalized(pair[0]);
        FloatMatrix b = cpuNormalized(pair[1]);
        FloatMatrix c = FloatMatrix.of(other);
        for (long budget : BUDGETS) {
            Kernels fp32 = cuda(budget, Precision.FP32);
            Kernels tf32 = cuda(budget, Precision.TF32);
            String at = "budget " + budget;
            assertClose(fp32.cosine(a, c), tf32.cosine(a, c), TF32_TOL, "tf32 cosine, " + at);
            FloatMatrix out = FloatMatrix.allocate(1531, 1000);
            tf32.cosine(a, c, out);
            assertClose(fp32.cosine(a, c), out, TF32_TOL, "tf32 cosine into out, " + at);
            MexaReduction m32 = fp32.mexa(a, b);
            MexaReduction mtf = tf32.mexa(a, b);
            assertClose(m32.diag(), mtf.diag(), TF32_TOL, "tf32 MEXA diag, " + at);
            assertClose(m32.rowMax(), mtf.rowMax(), TF32_TOL, "tf32 MEXA row max, " + at);
            assertClose(m32.colMax(), mtf.colMax(), TF32_TOL, "tf32 MEXA col max, " + at);
            TopK t32 = fp32.topK(a, b, 16);
            TopK ttf = tf32.topK(a, b, 16);
            // The r-th largest value moves no more than the values do, whatever the order of near-ties.
            assertClose(t32.rowValues(), ttf.rowValues(), TF32_TOL, "tf32 top-k row values, " + at);
            assertClose(t32.colValues(), ttf.colValues(), TF32_TOL, "tf32 top-k col values, " + at);
            assertClose(t32.diag(), ttf.diag(), TF32_TOL, "tf32 top-k diag, " + at);
        }
    }

    @Test
    void tf32MultiplyStaysWithinTheProductBound() {
        Random rnd = new Random(33);
        int m = 37;
        int k = 1024;
        int n = 1000;
        double[][] a = data(rnd, m, k);
        double[][] b = data(rnd, k, n);
        double[][][] product = productAndAbsoluteSum(a, b);
        FloatMatrix c = cuda(0, Precision.TF32).multiply(FloatMatrix.of(a), false, FloatMatrix.of(b), false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = product[0][i][j];
                double abs = product[1][i][j];
                // tf32 keeps 10 mantissa bits of each factor: a relative error under 2^-10 per product.
                double tol = 4e-3 * abs + 1e-5;
                if (!(Math.abs(sum - c.get(i, j)) <= tol)) {
                    fail("tf32 product at " + i + "," + j + ": " + c.get(i, j) + " vs " + sum + " (tolerance " + tol + ")");
                }
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void aClosedInstanceCanBeReopened() {
        Random rnd = new Random(8);
        FloatMatrix a = FloatMatrix.of(data(rnd, 300, 65));
        FloatMatrix b = FloatMatrix.of(data(rnd, 200, 65));
        FloatMatrix first;
        Kernels closed;
        try (Kernels k = Backends.cuda(0, Precision.FP32)) {
            assertEquals("cuda", k.name());
            assertFalse(k.description().isBlank());
            first = k.cosine(a, b);
            closed = k;
        }
        closed.close(); // a second close is harmless
        assertThrows(IllegalStateException.class, () -> closed.cosine(a, b), "a closed instance refuses work");
        for (int round = 0; round < 3; round++) {
            try (Kernels k = Backends.cuda(0, Precision.FP32)) {
                assertClose(first, k.cosine(a, b), 1e-6, "cosine after reopening, round " + round);
                TopK t = k.topK(cpuNormalized(Reference.toDouble(a)), cpuNormalized(Reference.toDouble(b)), 3);
                assertEquals(3, t.k());
            }
        }
        assertClose(first, cpu.cosine(a, b), COS_TOL, "cuda vs cpu");
    }

    @Test
    void closingOneInstanceLeavesAnotherWorking() {
        Random rnd = new Random(9);
        FloatMatrix a = FloatMatrix.of(data(rnd, 120, 33));
        FloatMatrix b = FloatMatrix.of(data(rnd, 90, 33));
        FloatMatrix expected = cpu.cosine(a, b);
        try (Kernels kept = Backends.cuda(1 << 16, Precision.FP32)) {
            Kernels closed = Backends.cuda(0, Precision.FP32);
            assertClose(expected, closed.cosine(a, b), COS_TOL, "first instance");
            closed.close();
            assertClose(expected, kept.cosine(a, b), COS_TOL, "second instance after the first closed");
        }
        // And the instances this class keeps open are still usable.
        assertClose(expected, cuda().cosine(a, b), COS_TOL, "shared instance");
    }
}
