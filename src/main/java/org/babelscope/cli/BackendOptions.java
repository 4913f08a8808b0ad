package org.babelscope.cli;

import org.babelscope.compute.Backends;
import picocli.CommandLine.Option;

/** The options that choose and size the compute backend, shared by every command that computes. */
public final class BackendOptions {
    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "Kernel backend (default: ${DEFAULT-VALUE}; auto takes CUDA when present, else the CPU).")
    String backend;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU threads for the kernels (default: all cores).")
    int threads;

    @Option(names = "--tile-mb", defaultValue = "32", paramLabel = "MB",
            description = "Memory for one similarity tile; the N x N matrix is never held whole (default: ${DEFAULT-VALUE}).")
    long tileMb;

    Backends.Choice select() {
        if (threads < 0) {
            throw new org.babelscope.BadInputException("--threads must be 0 (all cores) or positive, got " + threads);
        }
        if (tileMb < 1) {
            throw new org.babelscope.BadInputException("--tile-mb must be at least 1, got " + tileMb);
        }
        Backends.Choice choice = Backends.select(backend, tileMb << 20);
        if (choice.kernels().name().equals("cpu")) {
            Backends.setCpuThreads(threads);
        }
        return choice;
    }
}
