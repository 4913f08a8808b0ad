package org.babelscope.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.babelscope.compute.Backends;
import org.babelscope.lift.LiftEvaluation;
import org.babelscope.lift.LiftFiles;
import org.babelscope.lift.LiftReport;
import org.babelscope.report.ResultFiles;
import org.babelscope.store.EmbeddingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Alignment with the pivot on the held-out items before and after each",
                "language's map: cosine, MEXA and P@1 per language and layer, the layer that gains",
                "most; with --by-tier, macro averages per resource tier and the gap to the pivot."},
        footer = {"", "Example:",
                "  babelscope lift report --lift runs/lift --store runs/flores --by-tier --out runs/lift-report",
                "", "Writes DIR/report.json, DIR/report.md, DIR/mexa-before-after.png and, by tier,",
                "DIR/mexa-by-tier.png. Tiers: Joshi et al. (2020) classes (README, Resource tiers)."})
final class LiftReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lift", required = true, paramLabel = "LIFTDIR", description = "A directory written by lift fit.")
    Path liftDir;

    @Option(names = "--store", required = true, paramLabel = "STORE", description = "The store the lift was fitted on.")
    Path store;

    @Option(names = "--by-tier", description = "Also group languages by resource tier (high, medium, low).")
    boolean byTier;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ResultFiles.requireReplaceable(out, "report.json", "a lift report directory");
        LiftFiles.Summary lift = LiftFiles.read(liftDir);
        try (Backends.Choice backend = backendOptions.select()) {
            spec.commandLine().getErr().println(backend.reason());
            Map<String, LiftEvaluation.LanguageResult> results;
            try (EmbeddingStore s = EmbeddingStore.open(store);
                    ConsoleProgress progress = new ConsoleProgress("lift report", 0, spec.commandLine().getErr())) {
                results = new LiftEvaluation(backend.kernels()).run(liftDir, lift, s, (done, total) -> {
                    progress.total(total);
                    progress.stepTo(done);
                });
            }
            LiftReport report = new LiftReport(lift, results);
            ResultFiles.writeDirectoryAtomically(out, report.files(byTier));
            spec.commandLine().getOut().print(report.table());
            if (byTier) {
                spec.commandLine().getOut().print(report.tierTable());
            }
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("wrote " + out.resolve("report.md"));
            return Cli.OK;
        }
    }
}
