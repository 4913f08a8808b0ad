package org.babelscope.compute;

import static org.babelscope.compute.CpuKernelsNative.BS_ERR_NONFINITE;
import static org.babelscope.compute.CpuKernelsNative.BS_OK;

import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;

/** The CPU backend: C++ with OpenMP and OpenBLAS/LAPACK (native/kernels/cpu), through JavaCPP. */
final class CpuKernels implements Kernels {
    private final long tileBudgetBytes;

    /** @param tileBudgetBytes memory for one similarity tile of the tiled reductions */
    CpuKernels(long tileBudgetBytes) {
        if (tileBudgetBytes < Float.BYTES) {
            throw new IllegalArgumentException("tile budget of " + tileBudgetBytes + " bytes holds no value");
        }
        this.tileBudgetBytes = tileBudgetBytes;
        CpuKernelsNative.bs_get_num_threads(); // loads the libraries now, so a failure shows at selection
    }

    static void setThreads(int threads) {
        CpuKernelsNative.bs_set_num_threads(threads);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "cpu (OpenMP " + CpuKernelsNative.bs_get_num_threads() + " threads, OpenBLAS sgemm, tile "
                + (tileBudgetBytes >> 20) + " MiB)";
    }

    @Override
    public void normalizeRows(FloatMatrix x) {
        try (LongPointer bad = new LongPointer(1)) {
            int rc = CpuKernelsNative.bs_l2_normalize_rows(pointer(x), x.rows(), x.cols(), bad);
            if (rc == BS_ERR_NONFINITE) {
                throw new NonFiniteInputException(bad.get(), lastError());
            }
            check(rc);
        }
    }

    @Override
    public void cosine(FloatMatrix a, FloatMatrix b, FloatMatrix out) {
        KernelArguments.requireCosineOutput(a, b, out);
        check(CpuKernelsNative.bs_cosine_block(pointer(a), a.rows(), pointer(b), b.rows(), a.cols(), pointer(out)));
    }

    @Override
    public MexaReduction mexa(FloatMatrix a, FloatMatrix b) {
        KernelArguments.requireAlignedPairs(a, b);
        int n = a.rows();
        if (n == 0) {
            return new MexaReduction(new float[0], new float[0], new float[0]);
        }
        try (CpuKernelsNative.ReduceParams params = params(1);
                FloatPointer diag = new FloatPointer(n);
                FloatPointer rowMax = new FloatPointer(n);
                FloatPointer colMax = new FloatPointer(n)) {
            check(CpuKernelsNative.bs_mexa_reduce(pointer(a), pointer(b), n, a.cols(), params, diag, rowMax, colMax));
            return new MexaReduction(floats(diag, n), floats(rowMax, n), floats(colMax, n));
        }
    }

    @Override
    public TopK topK(FloatMatrix a, FloatMatrix b, int k) {
        KernelArguments.requireTopK(a, b, k);
        int na = a.rows();
        int nb = b.rows();
        int nd = Math.min(na, nb);
        try (CpuKernelsNative.ReduceParams params = params(k);
                FloatPointer rowVal = new FloatPointer((long) na * k);
                LongPointer rowIdx = new LongPointer((long) na * k);
                FloatPointer colVal = new FloatPointer((long) nb * k);
                LongPointer colIdx = new LongPointer((long) nb * k);
                FloatPointer diag = new FloatPointer(nd)) {
            check(CpuKernelsNative.bs_topk_reduce(pointer(a), na, pointer(b), nb, a.cols(), params,
                    rowVal, rowIdx, colVal, colIdx, diag));
            return new TopK(k, floats(rowVal, na * k), ints(rowIdx, na * k), floats(colVal, nb * k),
                    ints(colIdx, nb * k), floats(diag, nd));
        }
    }

    @Override
    public OptionBlocks optionBlocks(List<FloatMatrix> pivot, List<FloatMatrix> target, boolean withSelf) {
        KernelArguments.requireOptions(pivot, target);
        int k = pivot.size();
        int items = pivot.get(0).rows();
        int d = pivot.get(0).cols();
        int size = items * k * k;
        if (size == 0) {
            return new OptionBlocks(items, k, new float[0], withSelf ? new float[0] : null, withSelf ? new float[0] : null);
        }
        try (PointerPointer<FloatPointer> piv = new PointerPointer<>(k);
                PointerPointer<FloatPointer> tgt = new PointerPointer<>(k);
                FloatPointer cross = new FloatPointer(size);
                FloatPointer pivSelf = withSelf ? new FloatPointer(size) : null;
                FloatPointer tgtSelf = withSelf ? new FloatPointer(size) : null) {
            for (int o = 0; o < k; o++) {
                piv.put(o, pointer(pivot.get(o)));
                tgt.put(o, pointer(target.get(o)));
            }
            check(CpuKernelsNative.bs_option_blocks(piv, tgt, k, items, d, cross, pivSelf, tgtSelf));
            return new OptionBlocks(items, k, floats(cross, size),
                    withSelf ? floats(pivSelf, size) : null, withSelf ? floats(tgtSelf, size) : null);
        }
    }

    @Override
    public MeanCov meanCov(FloatMatrix x, boolean withCovariance) {
        KernelArguments.requireRowsForMean(x);
        int d = x.cols();
        FloatMatrix cov = withCovariance ? FloatMatrix.allocate(d, d) : null;
        try (FloatPointer mean = new FloatPointer(Math.max(d, 1))) {
            check(CpuKernelsNative.bs_mean_cov(pointer(x), x.rows(), d, mean,
                    cov == null ? null : pointer(cov)));
            return new MeanCov(floats(mean, d), cov);
        }
    }

    @Override
    public FloatMatrix multiply(FloatMatrix a, boolean transposeA, FloatMatrix b, boolean transposeB) {
        int[] shape = KernelArguments.productShape(a, transposeA, b, transposeB);
        int m = shape[0];
        int n = shape[1];
        int k = shape[2];
        FloatMatrix c = FloatMatrix.allocate(m, n);
        check(CpuKernelsNative.bs_multiply(pointer(a), transposeA ? 1 : 0, pointer(b), transposeB ? 1 : 0, m, n, k,
                pointer(c)));
        return c;
    }

    @Override
    public Svd svd(FloatMatrix a) {
        int m = a.rows();
        int n = a.cols();
        int r = Math.min(m, n);
        KernelArguments.requireNonEmpty(a, "SVD");
        FloatMatrix u = FloatMatrix.allocate(m, r);
        FloatMatrix vt = FloatMatrix.allocate(r, n);
        try (FloatPointer s = new FloatPointer(r)) {
            check(CpuKernelsNative.bs_svd_thin(pointer(a), m, n, pointer(u), s, pointer(vt)));
            return new Svd(u, floats(s, r), vt);
        }
    }

    @Override
    public Eigen eighTopK(FloatMatrix symmetric, int k) {
        KernelArguments.requireEigenArguments(symmetric, k);
        int d = symmetric.rows();
        FloatMatrix vectors = FloatMatrix.allocate(d, k);
        try (FloatPointer values = new FloatPointer(k)) {
            check(CpuKernelsNative.bs_eigh_topk(pointer(symmetric), d, k, values, pointer(vectors)));
            return new Eigen(floats(values, k), vectors);
        }
    }

    @Override
    public Projection project(FloatMatrix x, FloatMatrix basis) {
        KernelArguments.requireBasisFor(x, basis);
        FloatMatrix in = FloatMatrix.allocate(x.rows(), x.cols());
        FloatMatrix out = FloatMatrix.allocate(x.rows(), x.cols());
        check(CpuKernelsNative.bs_project(pointer(x), x.rows(), x.cols(), pointer(basis), basis.cols(),
                pointer(in), pointer(out)));
        return new Projection(in, out);
    }

    private CpuKernelsNative.ReduceParams params(int k) {
        return new CpuKernelsNative.ReduceParams().k(k).tile_budget_bytes(tileBudgetBytes);
    }

    private static FloatPointer pointer(FloatMatrix m) {
        return new FloatPointer(m.buffer());
    }

    private static float[] floats(FloatPointer p, int n) {
        float[] out = new float[n];
        p.get(out);
        return out;
    }

    private static int[] ints(LongPointer p, int n) {
        long[] raw = new long[n];
        p.get(raw);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) raw[i];
        }
        return out;
    }

    private static String lastError() {
        return CpuKernelsNative.bs_last_error().getString();
    }

    private static void check(int rc) {
        if (rc != BS_OK) {
            throw new KernelException("cpu kernel failed (code " + rc + "): " + lastError());
        }
    }
}
