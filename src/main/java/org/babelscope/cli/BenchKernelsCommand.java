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
        description = {"Time the similarity kernels against OpenBLAS sgemm alone on the same shapes.",
                "Contenders run interleaved, repetition by repetition; the ratio to sgemm is a median of",
                "per-repetition ratios, so drift in machine speed cancels out."},
        footer = {"", "Example:", "  babelscope bench kernels --n 1000,10000 --d 1024,4096 --repetitions 5",
                "  babelscope bench kernels --n 1000 --d 1024 --naive   (adds plain Java loops)"})
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
        Backends.Choice backend = backendOptions.select();
        PrintWriter err = spec.commandLine().getErr();
        err.println(backend.reason() + "; " + backend.kernels().description());
        KernelBench bench = new KernelBench(backend.kernels(), repetitions, naive);
        TextTable table = new TextTable(List.of("n", "d", "kernel", "median ms", "min ms", "GFLOP/s", "vs sgemm"));
        for (int n : sizes) {
            for (int d : widths) {
                err.printf(Locale.ROOT, "n=%d d=%d ...%n", n, d);
                for (KernelBench.Row r : bench.run(n, d)) {
                    table.add(new ArrayList<>(List.of(String.valueOf(r.n()), String.valueOf(r.d()), r.kernel(),
                            String.format(Locale.ROOT, "%.1f", r.medianMs()), String.format(Locale.ROOT, "%.1f", r.minMs()),
                            String.format(Locale.ROOT, "%.1f", r.gflops()), String.format(Locale.ROOT, "%.2f", r.ratioToSgemm()))));
                }
            }
        }
        spec.commandLine().getOut().print(table.render());
        spec.commandLine().getOut().flush();
        return Cli.OK;
    }
}
