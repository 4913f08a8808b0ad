package org.babelscope.compute;

import static org.bytedeco.cuda.global.cublas.CUBLAS_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cublas.CUBLAS_FILL_MODE_LOWER;
import static org.bytedeco.cuda.global.cublas.CUBLAS_FILL_MODE_UPPER;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_TF32_TENSOR_OP_MATH;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasGetStatusString;
import static org.bytedeco.cuda.global.cublas.cublasSetMathMode;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cublas.cublasSsyrk_v2;
import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy2DAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemsetAsync;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_EIG_MODE_VECTOR;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_EIG_RANGE_I;
import static org.bytedeco.cuda.global.cusolver.cusolverDnCreate;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDestroy;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSetStream;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSgesvd;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSgesvd_bufferSize;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSsyevdx;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSsyevdx_bufferSize;

import java.util.List;
import java.util.Locale;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cusolver.cusolverDnContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The CUDA backend: hand-written kernels (native/kernels/cuda, {@link CudaKernelsNative}) for the
 * reductions and element-wise passes, cuBLAS for the GEMMs and cuSOLVER for SVD and eigenvectors,
 * both through the JavaCPP CUDA presets. One instance holds one stream, one cuBLAS and one cuSOLVER
 * handle and its device buffers; like every {@link Kernels} it serves one thread at a time, so a
 * thread that wants its own handles opens its own instance.
 *
 * <p>The similarity reductions run tile by tile as on the CPU: cuBLAS writes one tile of S = a·bᵀ
 * into a resident device buffer and a fold kernel reduces it there (a default tile is larger than
 * L2: the fold re-reads it from device memory), so the N x N matrix is never held. b stays on the
 * device whole when it fits beside a tile; otherwise it is streamed panel by panel, so inputs
 * larger than device memory still run.
 *
 * <p>Row-major matrices are handed to cuBLAS (column-major) as their transposes: row-major
 * C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, so every GEMM swaps its operands.
 */
final class CudaKernels implements Kernels {
    /**
     * 256 MiB tiles (8192 x 8192), small beside any GPU's memory; chosen, not measured, as large
     * enough for cuBLAS's full rate (bench kernels --tile-mb on a device will tell).
     */
    static final long DEFAULT_TILE_BUDGET = 256L << 20;

    private final long tileFloats;
    private final Precision precision;
    private final CUstream_st stream = new CUstream_st();
    private final cublasContext blas = new cublasContext();
    private final cusolverDnContext solver = new cusolverDnContext();
    private final DeviceBuffers buffers = new DeviceBuffers();
    private final String device;
    private boolean closed;

    private CudaKernels(long tileBudgetBytes, Precision precision) {
        this.tileFloats = tileBudgetBytes / Float.BYTES;
        this.precision = precision;
        try {
            check(cudaSetDevice(0), "selecting device 0");
            check(cudaStreamCreate(stream), "creating a stream");
            checkBlas(cublasCreate_v2(blas), "creating the cuBLAS handle");
            checkBlas(cublasSetStream_v2(blas, stream), "setting the cuBLAS stream");
            checkBlas(cublasSetMathMode(blas, precision == Precision.TF32 ? CUBLAS_TF32_TENSOR_OP_MATH
                    : CUBLAS_DEFAULT_MATH), "setting the cuBLAS math mode");
            checkSolver(cusolverDnCreate(solver), "creating the cuSOLVER handle");
            checkSolver(cusolverDnSetStream(solver, stream), "setting the cuSOLVER stream");
            this.device = describeDevice();
        } catch (KernelException e) {
            // A device can be listed yet unusable (busy in exclusive mode, out of memory, a MIG
            // device without an instance): that is "no CUDA here", for auto to fall back from.
            release();
            throw new BackendUnavailableException("--backend cuda: the device could not be used (" + e.getMessage()
                    + "); use --backend cpu or auto", e);
        }
    }

    /**
     * @param tileBudgetBytes device memory for one similarity tile, 0 for {@link #DEFAULT_TILE_BUDGET}
     * @throws BackendUnavailableException when CUDA cannot run here
     */
    static CudaKernels open(long tileBudgetBytes, Precision precision) {
        long budget = tileBudgetBytes == 0 ? DEFAULT_TILE_BUDGET : tileBudgetBytes;
        if (budget < Float.BYTES) {
            throw new IllegalArgumentException("tile budget of " + tileBudgetBytes + " bytes holds no value");
        }
        CudaRuntime.requireAvailable();
        return new CudaKernels(budget, precision);
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String description() {
        return "cuda (" + device + ", cuBLAS " + precision.label() + ", tile " + (tileFloats * Float.BYTES >> 20)
                + " MiB)";
    }

    @Override
    public void normalizeRows(FloatMatrix x) {
        requireOpen();
        if (x.rows() == 0 || x.cols() == 0) {
            return;
        }
        long count = (long) x.rows() * x.cols();
        FloatPointer dx = upload("x", x, 0, x.rows());
        LongPointer firstBad = buffers.longs("first_bad", 1);
        check(cudaMemsetAsync(firstBad, 0xFF, Long.BYTES, stream), "clearing the bad-row marker");
        launch(CudaKernelsNative.bs_cuda_normalize_rows(dx, x.rows(), x.cols(), firstBad, stream), "normalising rows");
        download(dx, host(x), count);
        long bad;
        try (LongPointer h = new LongPointer(1)) {
            copyToHost(h, firstBad, Long.BYTES);
            sync("normalising rows");
            bad = h.get();
        }
        if (bad != -1L) { // unsigned max: no bad row
            throw new NonFiniteInputException(bad, "row " + bad + " holds NaN or Inf");
        }
    }

    @Override
    public void cosine(FloatMatrix a, FloatMatrix b, FloatMatrix out) {
        requireOpen();
        KernelArguments.requireCosineOutput(a, b, out);
        FloatPointer hostOut = host(out);
        long nb = b.rows();
        forEachTile(a, b, true, (tile, rows, cols, r0, c0, ia, ib) -> {
            launch(CudaKernelsNative.bs_cuda_scale_rows_cols(tile, rows, cols, cols, ia, ib, stream), "scaling cosines");
            check(cudaMemcpy2DAsync(hostOut.getPointer(r0 * nb + c0), nb * Float.BYTES, tile, (long) cols * Float.BYTES,
                    (long) cols * Float.BYTES, rows, cudaMemcpyDeviceToHost, stream), "copying cosines back");
        });
        sync("cosine block");
    }

    @Override
    public MexaReduction mexa(FloatMatrix a, FloatMatrix b) {
        requireOpen();
        KernelArguments.requireAlignedPairs(a, b);
        int n = a.rows();
        if (n == 0) {
            return new MexaReduction(new float[0], new float[0], new float[0]);
        }
        MexaState state = new MexaState(n);
        forEachTile(a, b, false, state::fold);
        return new MexaReduction(floatsToHost(state.diag, n), floatsToHost(state.rowMax, n), floatsToHost(state.colMax, n));
    }

    /** MEXA's device state over n pairs, initialised (maxima at -inf), and its fold of one tile. */
    private final class MexaState {
        final FloatPointer diag;
        final FloatPointer rowMax;
        final FloatPointer colMax;

        MexaState(int n) {
            diag = buffers.floats("diag", n);
            rowMax = buffers.floats("row_max", n);
            colMax = buffers.floats("col_max", n);
            launch(CudaKernelsNative.bs_cuda_fill(rowMax, n, Float.NEGATIVE_INFINITY, stream), "initialising maxima");
            launch(CudaKernelsNative.bs_cuda_fill(colMax, n, Float.NEGATIVE_INFINITY, stream), "initialising maxima");
        }

        void fold(FloatPointer tile, int rows, int cols, int r0, int c0, DoublePointer ia, DoublePointer ib) {
            launch(CudaKernelsNative.bs_cuda_mexa_fold(tile, rows, cols, r0, c0, diag, rowMax, colMax, stream), "MEXA fold");
        }
    }

    @Override
    public TopK topK(FloatMatrix a, FloatMatrix b, int k) {
        requireOpen();
        KernelArguments.requireTopK(a, b, k);
        int na = a.rows();
        int nb = b.rows();
        if (k > CudaKernelsNative.MAX_K) {
            throw new KernelException("top-" + k + " exceeds the cuda backend's limit of " + CudaKernelsNative.MAX_K
                    + " neighbours; use --backend cpu");
        }
        TopKState state = new TopKState(na, nb, k);
        forEachTile(a, b, false, state::fold);
        return new TopK(k, floatsToHost(state.rowVal, na * k), intsToHost(state.rowIdx, na * k),
                floatsToHost(state.colVal, nb * k), intsToHost(state.colIdx, nb * k),
                floatsToHost(state.diag, Math.min(na, nb)));
    }

    /**
     * Top-k's device state for na x nb similarities: empty lists (-inf, index -1), the diagonal,
     * and the column pass's scratch sized for this pair's tiles; and its fold of one tile.
     */
    private final class TopKState {
        final int k;
        final FloatPointer rowVal;
        final LongPointer rowIdx;
        final FloatPointer colVal;
        final LongPointer colIdx;
        final FloatPointer diag;
        final long chunks;
        final FloatPointer scratchVal;
        final LongPointer scratchIdx;

        TopKState(int na, int nb, int k) {
            this.k = k;
            rowVal = buffers.floats("row_val", (long) na * k);
            rowIdx = buffers.longs("row_idx", (long) na * k);
            colVal = buffers.floats("col_val", (long) nb * k);
            colIdx = buffers.longs("col_idx", (long) nb * k);
            diag = buffers.floats("diag", Math.min(na, nb));
            launch(CudaKernelsNative.bs_cuda_fill(rowVal, (long) na * k, Float.NEGATIVE_INFINITY, stream), "initialising top-k");
            launch(CudaKernelsNative.bs_cuda_fill(colVal, (long) nb * k, Float.NEGATIVE_INFINITY, stream), "initialising top-k");
            check(cudaMemsetAsync(rowIdx, 0xFF, (long) na * k * Long.BYTES, stream), "initialising top-k"); // all -1
            check(cudaMemsetAsync(colIdx, 0xFF, (long) nb * k * Long.BYTES, stream), "initialising top-k");
            int[] shape = tileShape(na, nb);
            chunks = columnChunks(shape);
            scratchVal = buffers.floats("scratch_val", chunks * shape[1] * k);
            scratchIdx = buffers.longs("scratch_idx", chunks * shape[1] * k);
        }

        void fold(FloatPointer tile, int rows, int cols, int r0, int c0, DoublePointer ia, DoublePointer ib) {
            launch(CudaKernelsNative.bs_cuda_topk_fold(tile, rows, cols, r0, c0, k, rowVal, rowIdx, colVal, colIdx, diag,
                    scratchVal, scratchIdx, chunks, stream), "top-k fold");
        }
    }

    @Override
    public OptionBlocks optionBlocks(List<FloatMatrix> pivot, List<FloatMatrix> target, boolean withSelf) {
        requireOpen();
        KernelArguments.requireOptions(pivot, target);
        int k = pivot.size();
        int items = pivot.get(0).rows();
        int d = pivot.get(0).cols();
        if (k > 64) {
            throw new KernelException(k + " options exceed the cuda backend's limit of 64");
        }
        int size = items * k * k;
        if (size == 0) {
            return new OptionBlocks(items, k, new float[0], withSelf ? new float[0] : null, withSelf ? new float[0] : null);
        }
        long plane = (long) items * d;
        FloatPointer options = buffers.floats("options", 2L * k * Math.max(plane, 1));
        for (int o = 0; o < k; o++) {
            copyToDevice(options.getPointer(o * plane), host(pivot.get(o)), plane * Float.BYTES);
            copyToDevice(options.getPointer((k + o) * plane), host(target.get(o)), plane * Float.BYTES);
        }
        LongPointer table = optionTable(options, options.getPointer(k * plane), k, plane);
        FloatPointer cross = buffers.floats("cross", size);
        FloatPointer pivSelf = withSelf ? buffers.floats("piv_self", size) : null;
        FloatPointer tgtSelf = withSelf ? buffers.floats("tgt_self", size) : null;
        launch(CudaKernelsNative.bs_cuda_option_blocks(table, table.getPointer(k), k, items, d, cross, pivSelf,
                tgtSelf, stream), "option blocks");
        return new OptionBlocks(items, k, floatsToHost(cross, size),
                withSelf ? floatsToHost(pivSelf, size) : null, withSelf ? floatsToHost(tgtSelf, size) : null);
    }

    /**
     * The device table the option-block kernel reads: the addresses of k pivot options, then of k
     * target options, option o of each side at o * plane floats from its base.
     */
    private LongPointer optionTable(FloatPointer pivotBase, FloatPointer targetBase, int k, long plane) {
        LongPointer table = buffers.longs("option_table", 2L * k);
        try (LongPointer addresses = new LongPointer(2L * k)) {
            for (int o = 0; o < k; o++) {
                addresses.put(o, pivotBase.getPointer(o * plane).address());
                addresses.put(k + o, targetBase.getPointer(o * plane).address());
            }
            copyToDevice(table, addresses, 2L * k * Long.BYTES);
            sync("uploading the option table"); // the host table must outlive its copy
        }
        return table;
    }

    @Override
    public MeanCov meanCov(FloatMatrix x, boolean withCovariance) {
        requireOpen();
        KernelArguments.requireRowsForMean(x);
        int n = x.rows();
        int d = x.cols();
        if (d == 0) {
            return new MeanCov(new float[0], withCovariance ? FloatMatrix.allocate(0, 0) : null);
        }
        FloatPointer dx = upload("x", x, 0, n);
        FloatPointer mean = buffers.floats("mean", d);
        DoublePointer sums = buffers.doubles("sums", d);
        launch(CudaKernelsNative.bs_cuda_column_means(dx, n, d, sums, mean, stream), "column means");
        if (!withCovariance) {
            return new MeanCov(floatsToHost(mean, d), null);
        }
        launch(CudaKernelsNative.bs_cuda_center(dx, n, d, mean, dx, stream), "centring");
        FloatPointer cov = buffers.floats("cov", (long) d * d);
        try (FloatPointer alpha = new FloatPointer(1.0f / Math.max(n - 1, 1)); FloatPointer beta = new FloatPointer(0.0f)) {
            // Column-major, the row-major centred rows are M = Xcᵀ (d x n): cov = M·Mᵀ.
            checkBlas(cublasSsyrk_v2(blas, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, d, n, alpha, dx, d, beta, cov, d),
                    "covariance (syrk)");
            sync("covariance");
        }
        launch(CudaKernelsNative.bs_cuda_mirror_upper(cov, d, stream), "mirroring the covariance");
        FloatMatrix c = FloatMatrix.allocate(d, d);
        download(cov, host(c), (long) d * d);
        sync("covariance");
        return new MeanCov(floatsToHost(mean, d), c);
    }

    @Override
    public FloatMatrix multiply(FloatMatrix a, boolean transposeA, FloatMatrix b, boolean transposeB) {
        requireOpen();
        int[] shape = KernelArguments.productShape(a, transposeA, b, transposeB);
        int m = shape[0];
        int n = shape[1];
        int k = shape[2];
        if (m < 1 || n < 1 || k < 1) {
            throw new KernelException("product of shapes m " + m + ", n " + n + ", k " + k);
        }
        FloatPointer da = upload("a", a, 0, a.rows());
        FloatPointer db = upload("b", b, 0, b.rows());
        FloatPointer dc = buffers.floats("c", (long) m * n);
        gemmRowMajor(transposeA, transposeB, m, n, k, da, db, dc);
        FloatMatrix c = FloatMatrix.allocate(m, n);
        download(dc, host(c), (long) m * n);
        sync("multiply");
        return c;
    }

    @Override
    public Svd svd(FloatMatrix a) {
        requireOpen();
        int m = a.rows();
        int n = a.cols();
        int r = Math.min(m, n);
        KernelArguments.requireNonEmpty(a, "SVD");
        // cuSOLVER's gesvd wants a column-major matrix with at least as many rows as columns.
        // Wide or square (m <= n): row-major a is column-major aᵀ (n x m) = U1·S·VT1, so a = VT1ᵀ·S·U1ᵀ,
        // and the buffers VT1 and U1 read row-major are exactly u (m x m) and vt (m x n).
        // Tall (m > n): transpose a into column-major a itself (m x n) = U1·S·VT1; U1 and VT1 are
        // then transposed into row-major u and vt.
        boolean tall = m > n;
        int rows = tall ? m : n;
        int cols = tall ? n : m;
        FloatPointer da = upload("svd_in", a, 0, m);
        FloatPointer work = da;
        if (tall) {
            work = buffers.floats("svd_t", (long) m * n);
            launch(CudaKernelsNative.bs_cuda_transpose(da, m, n, work, stream), "transposing for the SVD");
        }
        FloatPointer s = buffers.floats("svd_s", r);
        FloatPointer u1 = buffers.floats("svd_u", (long) rows * cols);
        FloatPointer vt1 = buffers.floats("svd_vt", (long) cols * cols);
        IntPointer info = new IntPointer(buffers.bytes("solver_info", Integer.BYTES));
        int lwork;
        try (IntPointer lw = new IntPointer(1)) {
            checkSolver(cusolverDnSgesvd_bufferSize(solver, rows, cols, lw), "sizing the SVD workspace");
            lwork = lw.get();
        }
        FloatPointer ws = buffers.floats("solver_work", Math.max(lwork, 1));
        checkSolver(cusolverDnSgesvd(solver, (byte) 'S', (byte) 'S', rows, cols, work, rows, s, u1, rows, vt1, cols, ws,
                lwork, (FloatPointer) null, info), "SVD (gesvd)");
        requireSolved(info, "SVD of a " + m + " x " + n + " matrix");
        FloatMatrix u = FloatMatrix.allocate(m, r);
        FloatMatrix vt = FloatMatrix.allocate(r, n);
        if (tall) {
            FloatPointer ut = buffers.floats("svd_ut", (long) m * n);
            FloatPointer vtt = buffers.floats("svd_vtt", (long) n * n);
            launch(CudaKernelsNative.bs_cuda_transpose(u1, n, m, ut, stream), "transposing U");
            launch(CudaKernelsNative.bs_cuda_transpose(vt1, n, n, vtt, stream), "transposing Vᵀ");
            download(ut, host(u), (long) m * r);
            download(vtt, host(vt), (long) r * n);
        } else {
            download(vt1, host(u), (long) m * r);
            download(u1, host(vt), (long) r * n);
        }
        sync("SVD");
        return new Svd(u, floatsToHost(s, r), vt);
    }

    @Override
    public Eigen eighTopK(FloatMatrix symmetric, int k) {
        requireOpen();
        KernelArguments.requireEigenArguments(symmetric, k);
        int d = symmetric.rows();
        // The row-major upper triangle is the column-major lower one. Eigenvalues il..iu (1-based,
        // ascending) are the k largest; their vectors land in the first k columns.
        FloatPointer da = upload("eig_a", symmetric, 0, d);
        FloatPointer w = buffers.floats("eig_w", d);
        IntPointer info = new IntPointer(buffers.bytes("solver_info", Integer.BYTES));
        int lwork;
        try (IntPointer lw = new IntPointer(1); IntPointer found = new IntPointer(1)) {
            checkSolver(cusolverDnSsyevdx_bufferSize(solver, CUSOLVER_EIG_MODE_VECTOR, CUSOLVER_EIG_RANGE_I,
                    CUBLAS_FILL_MODE_LOWER, d, da, d, 0f, 0f, d - k + 1, d, found, w, lw), "sizing the eigensolver workspace");
            lwork = lw.get();
            FloatPointer ws = buffers.floats("solver_work", Math.max(lwork, 1));
            checkSolver(cusolverDnSsyevdx(solver, CUSOLVER_EIG_MODE_VECTOR, CUSOLVER_EIG_RANGE_I, CUBLAS_FILL_MODE_LOWER, d,
                    da, d, 0f, 0f, d - k + 1, d, found, w, ws, lwork, info), "symmetric eigensolver (syevdx)");
            requireSolved(info, "eigenvectors of a " + d + " x " + d + " matrix");
            if (found.get() != k) {
                throw new KernelException("symmetric eigensolver found " + found.get() + " of " + k + " eigenvalues");
            }
        }
        float[] ascending = floatsToHost(w, k);
        float[] z = floatsToHost(da, (long) k * d); // column c (ascending) at c*d
        float[] values = new float[k];
        FloatMatrix vectors = FloatMatrix.allocate(d, k);
        for (int c = 0; c < k; c++) {
            int src = k - 1 - c;
            values[c] = ascending[src];
            for (int i = 0; i < d; i++) {
                vectors.set(i, c, z[src * d + i]);
            }
        }
        return new Eigen(values, vectors);
    }

    @Override
    public Projection project(FloatMatrix x, FloatMatrix basis) {
        requireOpen();
        KernelArguments.requireBasisFor(x, basis);
        int n = x.rows();
        int d = x.cols();
        int r = basis.cols();
        if (d < 1 || r < 1 || r > d) {
            throw new KernelException("projection of " + n + " x " + d + " onto rank " + r);
        }
        FloatMatrix in = FloatMatrix.allocate(n, d);
        FloatMatrix out = FloatMatrix.allocate(n, d);
        if (n == 0) {
            return new Projection(in, out);
        }
        FloatPointer dx = upload("x", x, 0, n);
        FloatPointer db = upload("basis", basis, 0, d);
        FloatPointer coords = buffers.floats("coords", (long) n * r);
        FloatPointer dIn = buffers.floats("in_sub", (long) n * d);
        gemmRowMajor(false, false, n, r, d, dx, db, coords);
        gemmRowMajor(false, true, n, d, r, coords, db, dIn);
        download(dIn, host(in), (long) n * d);
        launch(CudaKernelsNative.bs_cuda_subtract(dx, dIn, dx, (long) n * d, stream), "complement");
        download(dx, host(out), (long) n * d);
        sync("projection");
        return new Projection(in, out);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    /** Frees whatever exists; handles that were never created are still null pointers. */
    private void release() {
        if (!stream.isNull()) {
            cudaStreamSynchronize(stream);
        }
        buffers.close();
        if (!solver.isNull()) {
            cusolverDnDestroy(solver);
        }
        if (!blas.isNull()) {
            cublasDestroy_v2(blas);
        }
        if (!stream.isNull()) {
            cudaStreamDestroy(stream);
        }
    }

    // ---- device-resident entry points, for the benchmark (CudaResidentBench) -----------------

    /** Uploads m into the named buffer and waits: the copy stays there for the resident calls. */
    FloatPointer resident(String slot, FloatMatrix m) {
        requireOpen();
        FloatPointer p = upload(slot, m, 0, m.rows());
        sync("uploading " + slot);
        return p;
    }

    /** The MEXA folds over resident a and b (n x d), results left on the device. */
    void mexaResident(FloatPointer a, FloatPointer b, int n, int d) {
        forEachTileResident(a, n, b, n, d, new MexaState(n)::fold);
        sync("MEXA");
    }

    /** The same tile GEMMs as {@link #mexaResident} with no fold: the fused kernels' roofline. */
    void gemmTilesResident(FloatPointer a, FloatPointer b, int n, int d) {
        forEachTileResident(a, n, b, n, d, (tile, rows, cols, r0, c0, ia, ib) -> {
        });
        sync("GEMM tiles");
    }

    /** One n x n GEMM into a full matrix, when it fits in a quarter of free memory; else false. */
    boolean gemmFullResident(FloatPointer a, FloatPointer b, int n, int d) {
        long bytes = (long) n * n * Float.BYTES;
        if (bytes > DeviceBuffers.freeAndTotal()[0] / 4 + buffers.held()) {
            return false;
        }
        FloatPointer c = buffers.floats("bench_full", (long) n * n);
        gemmRowMajor(false, true, n, n, d, a, b, c);
        sync("full GEMM");
        return true;
    }

    void topKResident(FloatPointer a, FloatPointer b, int n, int d, int k) {
        forEachTileResident(a, n, b, n, d, new TopKState(n, n, k)::fold);
        sync("top-k");
    }

    /**
     * DALI's option blocks with K options of n / K items each, the options being row blocks of
     * resident a (pivot) and b (target): every row of both is read once.
     */
    void optionBlocksResident(FloatPointer a, FloatPointer b, int n, int d, int k) {
        int items = n / k;
        LongPointer table = optionTable(a, b, k, (long) items * d);
        FloatPointer cross = buffers.floats("cross", (long) items * k * k);
        FloatPointer pivSelf = buffers.floats("piv_self", (long) items * k * k);
        FloatPointer tgtSelf = buffers.floats("tgt_self", (long) items * k * k);
        launch(CudaKernelsNative.bs_cuda_option_blocks(table, table.getPointer(k), k, items, d, cross, pivSelf, tgtSelf,
                stream), "option blocks");
        sync("option blocks");
    }

    /** A device-to-device copy of count floats of src: the memory-bandwidth yardstick. */
    void copyResident(FloatPointer src, long count) {
        FloatPointer dst = buffers.floats("bench_copy", count);
        check(cudaMemcpyAsync(dst, src, count * Float.BYTES, cudaMemcpyDeviceToDevice, stream), "device copy");
        sync("device copy");
    }

    // ---- the tile loop ------------------------------------------------------------------------

    /** Receives one tile of S = a·bᵀ on the device (rows x cols, row-major, at global r0, c0). */
    private interface TileFold {
        /** ia, ib: inverse row norms of the tile's rows of a and b, when asked for; else null. */
        void fold(FloatPointer tile, int rows, int cols, int r0, int c0, DoublePointer ia, DoublePointer ib);
    }

    /** Tile rows and columns within the budget, square-ish (cuBLAS runs best with both sides large). */
    private int[] tileShape(int na, int nb) {
        int side = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) Math.sqrt((double) tileFloats)));
        int rows = Math.min(na, side);
        int cols = (int) Math.min(nb, Math.max(1, tileFloats / rows));
        if (cols == nb) {
            rows = (int) Math.min(na, Math.max(1, tileFloats / cols));
        }
        return new int[] {rows, cols};
    }

    /**
     * Row chunks of top-k's column pass: ~64k threads on a tile, each over at least 32 rows, and
     * never more than a grid's y dimension (65535).
     */
    private static long columnChunks(int[] shape) {
        long chunks = Math.min((65536 + shape[1] - 1) / shape[1], (shape[0] + 31) / 32);
        return Math.max(1, Math.min(chunks, 65535));
    }

    /** The tile loop over inputs already on the device (a: na x d, b: nb x d). */
    private void forEachTileResident(FloatPointer a, int na, FloatPointer b, int nb, int d, TileFold fold) {
        int[] shape = tileShape(na, nb);
        FloatPointer tile = buffers.floats("tile", (long) shape[0] * shape[1]);
        for (int r0 = 0; r0 < na; r0 += shape[0]) {
            int rows = Math.min(shape[0], na - r0);
            for (int c0 = 0; c0 < nb; c0 += shape[1]) {
                int cols = Math.min(shape[1], nb - c0);
                gemmRowMajor(false, true, rows, cols, d, a.getPointer((long) r0 * d), b.getPointer((long) c0 * d), tile);
                fold.fold(tile, rows, cols, r0, c0, null, null);
            }
        }
    }

    private void forEachTile(FloatMatrix a, FloatMatrix b, boolean norms, TileFold fold) {
        int na = a.rows();
        int nb = b.rows();
        int d = a.cols();
        if (na == 0 || nb == 0) {
            return;
        }
        int[] shape = tileShape(na, nb);
        int tileRows = shape[0];
        int tileCols = shape[1];
        FloatPointer tile = buffers.floats("tile", (long) tileRows * tileCols);
        // b stays whole on the device when it fits beside a panel of a with a tenth to spare;
        // otherwise it is uploaded panel by panel for every row panel of a.
        long bBytes = (long) nb * d * Float.BYTES;
        long aPanelBytes = (long) tileRows * d * Float.BYTES;
        boolean bWhole = nb <= tileCols || bBytes + aPanelBytes <= 0.9 * DeviceBuffers.freeAndTotal()[0];
        FloatPointer bAll = null;
        DoublePointer ibAll = null;
        if (bWhole) {
            bAll = upload("b", b, 0, nb);
            ibAll = norms ? inverseNorms("ib", bAll, nb, d) : null;
        }
        for (int r0 = 0; r0 < na; r0 += tileRows) {
            int rows = Math.min(tileRows, na - r0);
            FloatPointer aPanel = upload("a", a, r0, rows);
            DoublePointer ia = norms ? inverseNorms("ia", aPanel, rows, d) : null;
            for (int c0 = 0; c0 < nb; c0 += tileCols) {
                int cols = Math.min(tileCols, nb - c0);
                FloatPointer bPanel;
                DoublePointer ib;
                if (bWhole) {
                    bPanel = bAll.getPointer((long) c0 * d);
                    ib = norms ? ibAll.getPointer(c0) : null;
                } else {
                    bPanel = upload("b", b, c0, cols);
                    ib = norms ? inverseNorms("ib", bPanel, cols, d) : null;
                }
                if (d == 0) {
                    check(cudaMemsetAsync(tile, 0, (long) rows * cols * Float.BYTES, stream), "clearing a tile");
                } else {
                    gemmRowMajor(false, true, rows, cols, d, aPanel, bPanel, tile);
                }
                fold.fold(tile, rows, cols, r0, c0, ia, ib);
            }
            // The next row panel overwrites "a" (and maybe "b"): the copy is enqueued on the same
            // stream, after this panel's GEMMs and folds, and the host matrices outlive the call.
        }
    }

    private DoublePointer inverseNorms(String slot, FloatPointer rows, int n, int d) {
        DoublePointer inv = buffers.doubles(slot, n);
        launch(CudaKernelsNative.bs_cuda_inverse_norms(rows, n, d, inv, stream), "row norms");
        return inv;
    }

    /** Row-major c (m x n) = op(a)·op(b) by cuBLAS, operands swapped (see the class comment). */
    private void gemmRowMajor(boolean ta, boolean tb, int m, int n, int k, FloatPointer a, FloatPointer b, FloatPointer c) {
        try (FloatPointer one = new FloatPointer(1.0f); FloatPointer zero = new FloatPointer(0.0f)) {
            checkBlas(cublasSgemm_v2(blas, tb ? CUBLAS_OP_T : CUBLAS_OP_N, ta ? CUBLAS_OP_T : CUBLAS_OP_N, n, m, k, one,
                    b, tb ? k : n, a, ta ? m : k, zero, c, n), "GEMM " + m + " x " + n + " x " + k);
        }
    }

    // ---- transfers ----------------------------------------------------------------------------

    private static FloatPointer host(FloatMatrix m) {
        return new FloatPointer(m.buffer());
    }

    /** Rows [r0, r0 + rows) of m into the device buffer slot. */
    private FloatPointer upload(String slot, FloatMatrix m, int r0, int rows) {
        long count = (long) rows * m.cols();
        FloatPointer dev = buffers.floats(slot, count);
        copyToDevice(dev, host(m).getPointer((long) r0 * m.cols()), count * Float.BYTES);
        return dev;
    }

    private void copyToDevice(Pointer dev, Pointer host, long bytes) {
        if (bytes > 0) {
            check(cudaMemcpyAsync(dev, host, bytes, cudaMemcpyHostToDevice, stream), "copying to the device");
        }
    }

    private void copyToHost(Pointer host, Pointer dev, long bytes) {
        if (bytes > 0) {
            check(cudaMemcpyAsync(host, dev, bytes, cudaMemcpyDeviceToHost, stream), "copying to the host");
        }
    }

    private void download(FloatPointer dev, FloatPointer host, long count) {
        copyToHost(host, dev, count * Float.BYTES);
    }

    private float[] floatsToHost(FloatPointer dev, long count) {
        float[] out = new float[(int) count];
        if (count == 0) {
            return out;
        }
        try (FloatPointer h = new FloatPointer(count)) {
            download(dev, h, count);
            sync("copying results");
            h.get(out);
        }
        return out;
    }

    private int[] intsToHost(LongPointer dev, long count) {
        long[] raw = new long[(int) count];
        try (LongPointer h = new LongPointer(Math.max(count, 1))) {
            copyToHost(h, dev, count * Long.BYTES);
            sync("copying results");
            h.get(raw);
        }
        int[] out = new int[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) raw[i];
        }
        return out;
    }

    // ---- errors -------------------------------------------------------------------------------

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the cuda kernels are closed");
        }
    }

    private void sync(String what) {
        check(cudaStreamSynchronize(stream), what);
    }

    /** A kernel launch's status: only configuration errors show here; faults surface at the next sync. */
    private static void launch(int rc, String what) {
        check(rc, what);
    }

    static void check(int rc, String what) {
        if (rc == 0) {
            return;
        }
        if (rc == cudaErrorMemoryAllocation) {
            throw new KernelException("out of GPU memory while " + what + "; lower --tile-mb or use --backend cpu");
        }
        throw new KernelException("cuda kernel failed while " + what + " (CUDA error " + rc + "): "
                + cudaGetErrorString(rc).getString());
    }

    private static void checkBlas(int status, String what) {
        if (status != 0) {
            throw new KernelException("cuBLAS failed: " + what + " (status " + status + ": "
                    + cublasGetStatusString(status).getString() + ")");
        }
    }

    private static void checkSolver(int status, String what) {
        if (status != 0) {
            throw new KernelException("cuSOLVER failed: " + what + " (status " + status + ")");
        }
    }

    private void requireSolved(IntPointer deviceInfo, String what) {
        try (IntPointer h = new IntPointer(1)) {
            copyToHost(h, deviceInfo, Integer.BYTES);
            sync(what);
            int info = h.get();
            if (info != 0) {
                throw new KernelException(what + " failed on the GPU (cuSOLVER info " + info
                        + (info > 0 ? ": did not converge" : ": bad argument " + (-info)) + ")");
            }
        }
    }

    private static String describeDevice() {
        try (org.bytedeco.cuda.cudart.cudaDeviceProp p = new org.bytedeco.cuda.cudart.cudaDeviceProp()) {
            check(cudaGetDeviceProperties(p, 0), "reading the device's properties");
            int[] driver = {0};
            int[] runtime = {0};
            cudaDriverGetVersion(driver);
            cudaRuntimeGetVersion(runtime);
            return String.format(Locale.ROOT, "%s, sm_%d%d, %.0f GiB, driver CUDA %s, runtime %s",
                    p.name().getString(), p.major(), p.minor(), p.totalGlobalMem() / 1073741824.0,
                    CudaRuntime.version(driver[0]), CudaRuntime.version(runtime[0]));
        }
    }
}
