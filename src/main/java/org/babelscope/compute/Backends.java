package org.babelscope.compute;

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
     * with 32 MiB tiles and at 0.77 with 256 MiB ones (babelscope bench --tile-mb).
     */
    public static final long DEFAULT_TILE_BUDGET = 32L << 20;

    private Backends() {
    }

    /** The chosen backend and why it was chosen (one line, for the log). */
    public record Choice(Kernels kernels, String reason) {
    }

    public static Choice select(String name) {
        return select(name, DEFAULT_TILE_BUDGET);
    }

    public static Choice select(String name, long tileBudgetBytes) {
        switch (name) {
            case "cpu":
                return new Choice(cpu(tileBudgetBytes), "backend cpu (requested)");
            case "cuda":
                throw new BadInputException("--backend cuda: " + cudaUnavailableReason()
                        + "; use --backend cpu or auto");
            case "auto":
                return new Choice(cpu(tileBudgetBytes), "backend cpu (auto: " + cudaUnavailableReason() + ")");
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

    /** Worker threads of the CPU kernels (OpenMP and OpenBLAS); 0 means all cores. */
    public static void setCpuThreads(int threads) {
        CpuKernels.setThreads(threads);
    }

    private static String cudaUnavailableReason() {
        return "this build has no CUDA backend yet";
    }
}
