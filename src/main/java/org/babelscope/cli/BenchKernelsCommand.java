package org.babelscope.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.bench.KernelBench;
import org.babelscope.compute.Backends;
import org.babelscope.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "kernels", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Time the similarity kernels against sgemm alone on the same shapes (OpenBLAS on the CPU;",
                "on CUDA, cuBLAS on the fused kernels' own tiles with the inputs resident, plus the same",
                "reduction with host transfers and on the CPU backend, and DALI's option blocks against a",
                "device copy of as many bytes).",
                "Contenders run interleaved, repetition by repetition; the ratio to sgemm is a median of",
                "per-repetition ratios, so drift in machine speed cancels out."},
        footer = {"", "Example:", "  babelscope bench kernels --n 1000,10000 --d 1024,4096 --repetitions 5",
                "  babelscope bench kernels --n 1000 --d 1024 --naive   (adds plain Java loops)",
                "  babelscope bench kernels --backend cuda --n 10000,100000 --d 1024,4096"})
final class BenchKernelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", split = ",", defaultValue = "1000,4000", paramLabel = "N",
            description = "Items per side (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--d", split = ",", defaultValue = "1024", paramLabel = "D",
            description = "Embedding widths (default: ${DEFAULT-VALUE}).")
    List<Integer> widths;

    @Option(names = "--repetitions", defaultValue = "5", paramLabel = "R", description = "Timed runs of each (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--naive", description = "Also time the plain single-threaded Java loops (slow: minutes at n = 10k).")
    boolean naive;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        for (int v : sizes) {
            if (v < 2) {
                throw new BadInputException("--n must be at least 2, got " + v);
            }
        }
        for (int v : widths) {
            if (v < 1) {
                throw new BadInputException("--d must be at least 1, got " + v);
            }
        }
        if (repetitions < 1) {
            throw new BadInputException("--repetitions must be at least 1");
        }
        try (Backends.Choice backend = backendOptions.select()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(backend.reason() + "; " + backend.kernels().description());
            KernelBench bench = new KernelBench(backend.kernels(), repetitions, naive);
            TextTable table = new TextTable(List.of("n", "d", "kernel", "median ms", "min ms", "GFLOP/s", "vs first"));
            TextTable bandwidth = new TextTable(List.of("n", "d", "K", "option blocks ms", "GB/s read", "copy ms", "copy GB/s",
                    "fraction of copy"));
            boolean cuda = backend.kernels().name().equals("cuda");
            for (int n : sizes) {
                for (int d : widths) {
                    err.printf(Locale.ROOT, "n=%d d=%d ...%n", n, d);
                    for (KernelBench.Row r : bench.run(n, d)) {
                        table.add(new ArrayList<>(List.of(String.valueOf(r.n()), String.valueOf(r.d()), r.kernel(),
                                String.format(Locale.ROOT, "%.1f", r.medianMs()), String.format(Locale.ROOT, "%.1f", r.minMs()),
                                String.format(Locale.ROOT, "%.1f", r.gflops()), String.format(Locale.ROOT, "%.2f", r.ratioToFirst()))));
                    }
                    if (cuda) {
                        KernelBench.Bandwidth w = bench.bandwidth(n, d);
                        bandwidth.add(new ArrayList<>(List.of(String.valueOf(n), String.valueOf(d), String.valueOf(w.options()),
                                String.format(Locale.ROOT, "%.2f", w.daliMs()), String.format(Locale.ROOT, "%.0f", w.daliGBs()),
                                String.format(Locale.ROOT, "%.2f", w.copyMs()), String.format(Locale.ROOT, "%.0f", w.copyGBs()),
                                String.format(Locale.ROOT, "%.2f", w.fraction()))));
                    }
                }
            }
            spec.commandLine().getOut().println("\"vs first\": speed relative to the first kernel of each shape, the baseline (> 1 is faster)");
            spec.commandLine().getOut().print(table.render());
            if (cuda) {
                spec.commandLine().getOut().println();
                spec.commandLine().getOut().print(bandwidth.render());
            }
            spec.commandLine().getOut().flush();
            return Cli.OK;
        }
    }
}
