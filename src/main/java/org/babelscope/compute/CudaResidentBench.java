package org.babelscope.compute;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The CUDA kernels on inputs already in device memory, for {@code babelscope bench kernels}: the
 * fused reductions against cuBLAS's sgemm on the very same tiles (their roofline), without the
 * host transfers that the {@link Kernels} calls add. Each contender waits for the device before it
 * returns, so wall-clock timing is device timing.
 */
public final class CudaResidentBench {
    private final CudaKernels cuda;
    private final FloatPointer a;
    private final FloatPointer b;
    private final int n;
    private final int d;

    /** True when kernels is the CUDA backend. */
    public static boolean supports(Kernels kernels) {
        return kernels instanceof CudaKernels;
    }

    /** Uploads a and b (n x d each, rows normalised) once; they stay on the device. */
    public CudaResidentBench(Kernels kernels, FloatMatrix a, FloatMatrix b) {
        if (!supports(kernels)) {
            throw new IllegalArgumentException("the resident benchmark needs the cuda backend, not " + kernels.name());
        }
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("a and b must have one shape");
        }
        this.cuda = (CudaKernels) kernels;
        this.n = a.rows();
        this.d = a.cols();
        this.a = cuda.resident("bench_a", a);
        this.b = cuda.resident("bench_b", b);
    }

    /**
     * In order: the baseline (cuBLAS on the fused kernels' tiles), one whole n x n GEMM when it
     * fits in a quarter of free memory, and the fused MEXA and top-k reductions.
     */
    public Map<String, Runnable> contenders(int k) {
        Map<String, Runnable> c = new LinkedHashMap<>();
        c.put("sgemm (cuBLAS, same tiles)", () -> cuda.gemmTilesResident(a, b, n, d));
        if (cuda.gemmFullResident(a, b, n, d)) {
            c.put("sgemm (cuBLAS, one n x n)", () -> cuda.gemmFullResident(a, b, n, d));
        }
        c.put("mexa fused (resident)", () -> cuda.mexaResident(a, b, n, d));
        c.put("top-" + k + " fused (resident)", () -> cuda.topKResident(a, b, n, d, k));
        return c;
    }

    /** DALI's option blocks over every row of a and b (K options of n / K items). */
    public Runnable optionBlocks(int options) {
        return () -> cuda.optionBlocksResident(a, b, n, d, options);
    }

    /** Bytes the option blocks read: all of a and b. */
    public long optionBlockBytes() {
        return 2L * n * d * Float.BYTES;
    }

    /** A device copy that moves as many bytes (n x d floats read and written) as the option blocks read. */
    public Runnable copy() {
        return () -> cuda.copyResident(a, (long) n * d);
    }
}
