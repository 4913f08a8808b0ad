package org.babelscope.cli;

import org.babelscope.BadInputException;
import org.babelscope.compute.Backends;
import org.babelscope.compute.Precision;
import picocli.CommandLine.Option;

/** The options that choose and size the compute backend, shared by every command that computes. */
public final class BackendOptions {
    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "Kernel backend (default: ${DEFAULT-VALUE}; auto takes CUDA when a device is present, else the CPU, and says why).")
    String backend;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|tf32",
            description = "GEMM arithmetic on CUDA (default: ${DEFAULT-VALUE}); tf32 is faster on Ampere and later but can reorder near-ties.")
    String precision;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU threads for the kernels (default: all cores; at most 4 x the cores).")
    int threads;

    @Option(names = "--tile-mb", paramLabel = "MB",
            description = "Memory for one similarity tile; the N x N matrix is never held whole (default: 32 on the CPU, 256 on CUDA).")
    Long tileMb;

    /** The checks of --threads and --tile-mb (null: the backend's default), also for bench align's copies of them. */
    static void requireValid(int threads, Long tileMb) {
        if (threads < 0) {
            throw new BadInputException("--threads must be 0 (all cores) or positive, got " + threads);
        }
        // The bound LlamaRunOptions uses: far more OpenMP threads than cores only slows the
        // kernels, and thousands of them crash libgomp (SIGSEGV at --threads 10000).
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads > 4 * cores) {
            throw new BadInputException("--threads " + threads + " is more than 4 x the " + cores + " cores here");
        }
        if (tileMb != null && tileMb < 1) {
            throw new BadInputException("--tile-mb must be at least 1, got " + tileMb);
        }
    }

    /**
     * The backend that computed and its arithmetic, for a results file's inputs: the CPU always
     * computes in fp32, whatever --precision asked for under auto.
     */
    void record(java.util.Map<String, Object> inputs, Backends.Choice choice) {
        String name = choice.kernels().name();
        inputs.put("backend", name);
        inputs.put("precision", name.equals("cpu") ? Precision.FP32.label() : Precision.parse(precision).label());
    }

    Backends.Choice select() {
        requireValid(threads, tileMb);
        long cpuTile = tileMb == null ? Backends.DEFAULT_TILE_BUDGET : tileMb << 20;
        long cudaTile = tileMb == null ? 0 : tileMb << 20;
        Backends.Choice choice = Backends.select(backend, cpuTile, cudaTile, Precision.parse(precision));
        if (choice.kernels().name().equals("cpu")) {
            Backends.setCpuThreads(threads);
        }
        return choice;
    }
}
