package org.babelscope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.babelscope.compute.Backends;
import org.babelscope.lift.LiftFiles;
import org.babelscope.lift.LiftFit;
import org.babelscope.lift.MapMethod;
import org.babelscope.metrics.LayerSelection;
import org.babelscope.store.EmbeddingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fit", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Fit a map per language and layer from the language's embeddings onto the",
                "pivot's, on the fitting part of a deterministic held-out split: orthogonal",
                "Procrustes (W = UV^T from the SVD of X_L^T X_pivot) or ridge least squares."},
        footer = {"", "Example:",
                "  babelscope lift fit --store runs/flores --pivot eng_Latn --layers 4-7 \\",
                "      --method procrustes --holdout 0.2 --out runs/lift",
                "", "Writes LIFTDIR/lift.json (settings, the fitting and held-out item indices, the fit",
                "time per language and layer) and LIFTDIR/maps/<lang>.npy, float32 [layers, d, d]:",
                "d x d per language and layer, so choose layers for wide models (4096: 64 MiB each).",
                "An interrupted fit resumes: rerun the same command and the languages already fitted",
                "(kept in .LIFTDIR.partial beside it) are not fitted again."})
final class LiftFitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ParallelStoreOptions input;

    @Option(names = "--method", defaultValue = "procrustes", paramLabel = "procrustes|ridge",
            description = "How to map (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--lambda", defaultValue = "1", paramLabel = "X", description = "Ridge penalty (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--holdout", defaultValue = "0.2", paramLabel = "SHARE",
            description = "Share of items held out of the fit (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "N", description = "Seed of the split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", required = true, paramLabel = "LIFTDIR", description = "Lift directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        MapMethod m = MapMethod.parse(method);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new org.babelscope.BadInputException("--lambda must be 0 or more, got " + lambda);
        }
        try (Backends.Choice backend = backendOptions.select()) {
            spec.commandLine().getErr().println(backend.reason());
            LiftFiles.Summary s;
            try (EmbeddingStore st = EmbeddingStore.open(input.store)) {
                List<Integer> slots = LayerSelection.slots(input.layers, st.layers());
                LiftFit fit = new LiftFit(backend.kernels());
                try (ConsoleProgress progress = new ConsoleProgress("lift fit", 0, spec.commandLine().getErr())) {
                    s = fit.fit(st, input.pivot, input.langs, slots, m, lambda, holdout, seed, out,
                            (done, total) -> {
                                progress.total(total);
                                progress.stepTo(done);
                            });
                }
                if (!fit.resumed().isEmpty()) {
                    spec.commandLine().getErr().println("resumed: " + fit.resumed().size()
                            + " language(s) were fitted by an interrupted run with the same options: "
                            + String.join(", ", fit.resumed()));
                }
            }
            double total = s.fitSeconds().values().stream().flatMapToDouble(java.util.Arrays::stream).sum();
            int fits = s.languages().size() * s.layers().size();
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "%s maps for %d languages x %d layers (d = %d) on %d items, %d held out: %.3f s per fit%n",
                    m.cliName(), s.languages().size(), s.layers().size(), s.dim(), s.split().train().length,
                    s.split().test().length, total / fits);
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("wrote " + out);
            return Cli.OK;
        }
    }
}
