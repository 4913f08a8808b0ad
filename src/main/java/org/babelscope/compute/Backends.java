package org.babelscope.compute;

import java.util.Optional;
import org.babelscope.BadInputException;

/**
 * Chooses the kernel backend once per run, from {@code --backend auto|cpu|cuda}. {@code auto}
 * takes CUDA when it is available and otherwise falls back to the CPU with one stated reason;
 * an explicit {@code cuda} that cannot be had is an error, never a quiet fallback.
 */
public final class Backends {
    /**
     * 32 MiB per similarity tile (2896 x 2896 floats). Tiles this size keep each thread's block
     * near the caches: at n = 10k, d = 1024 on 2 cores the fused MEXA ran at 0.97 of sgemm's rate
     * with 32 MiB tiles and at 0.77 with 256 MiB ones (babelscope bench --tile-mb). The CUDA
     * backend takes larger tiles of its own ({@link CudaKernels#DEFAULT_TILE_BUDGET}) unless told.
     */
    public static final long DEFAULT_TILE_BUDGET = 32L << 20;

    private Backends() {
    }

    /** The chosen backend and why it was chosen (one line, for the log); closing it frees the backend. */
    public record Choice(Kernels kernels, String reason) implements AutoCloseable {
        @Override
        public void close() {
            kernels.close();
        }
    }

    public static Choice select(String name) {
        return select(name, DEFAULT_TILE_BUDGET, 0, Precision.FP32);
    }

    public static Choice select(String name, long tileBudgetBytes) {
        return select(name, tileBudgetBytes, 0, Precision.FP32);
    }

    /**
     * @param cpuTileBudgetBytes tile memory of the CPU backend
     * @param cudaTileBudgetBytes tile memory of the CUDA backend, 0 for its default
     * @param precision FP32, or TF32 (CUDA only: refused with an explicit cpu, noted under auto)
     */
    public static Choice select(String name, long cpuTileBudgetBytes, long cudaTileBudgetBytes, Precision precision) {
        switch (name) {
            case "cpu":
                if (precision == Precision.TF32) {
                    throw new BadInputException("--precision tf32 needs the cuda backend; the CPU computes in fp32");
                }
                return new Choice(cpu(cpuTileBudgetBytes), "backend cpu (requested)");
            case "cuda":
                return new Choice(cuda(cudaTileBudgetBytes, precision), "backend cuda (requested)");
            case "auto": {
                Optional<String> why = cudaUnavailableReason();
                if (why.isEmpty()) {
                    try {
                        return new Choice(cuda(cudaTileBudgetBytes, precision), "backend cuda (auto: a device is present)");
                    } catch (BackendUnavailableException e) {
                        why = Optional.of(e.getMessage());
                    }
                }
                String note = precision == Precision.TF32 ? "; tf32 does not apply, the CPU computes in fp32" : "";
                return new Choice(cpu(cpuTileBudgetBytes), "backend cpu (auto: " + why.get() + note + ")");
            }
            default:
                throw new BadInputException("unknown backend '" + name + "'; choose auto, cpu or cuda");
        }
    }

    public static Kernels cpu() {
        return cpu(DEFAULT_TILE_BUDGET);
    }

    public static Kernels cpu(long tileBudgetBytes) {
        return new CpuKernels(tileBudgetBytes);
    }

    /**
     * The CUDA backend on device 0.
     *
     * @param tileBudgetBytes device memory for one similarity tile, 0 for the default
     * @throws BackendUnavailableException when no usable device, driver or library is present
     */
    public static Kernels cuda(long tileBudgetBytes, Precision precision) {
        return CudaKernels.open(tileBudgetBytes, precision);
    }

    /** Empty when the CUDA backend can run here; otherwise why not, in one line. */
    public static Optional<String> cudaUnavailableReason() {
        return CudaRuntime.unavailableReason();
    }

    /** Worker threads of the CPU kernels (OpenMP and OpenBLAS); 0 means all cores. */
    public static void setCpuThreads(int threads) {
        CpuKernels.setThreads(threads);
    }
}
