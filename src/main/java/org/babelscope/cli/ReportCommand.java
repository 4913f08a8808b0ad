package org.babelscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.babelscope.report.ResultFiles;
import org.babelscope.report.TierReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Summarise alignment results and task accuracy by resource tier (high, medium,",
                "low; Joshi et al. 2020): macro average per tier, each tier's gap to the pivot,",
                "and with a second run (before,after) the languages that moved most."},
        footer = {"", "Examples:",
                "  babelscope report --by-tier --alignment runs/flores/results.json --out runs/tiers",
                "  babelscope report --by-tier --alignment before.json,after.json \\",
                "      --accuracy plain/p.summary.json,steered/p.summary.json --out runs/tiers-compare",
                "", "Writes DIR/report.md, DIR/report.json and DIR/tiers-<metric>.png."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--by-tier", required = true, description = "Group languages by resource tier (the report this command makes).")
    boolean byTier;

    @Option(names = "--alignment", split = ",", paramLabel = "RESULTS[,AFTER]", description = "results.json of align (one, or two to compare).")
    List<Path> alignment;

    @Option(names = "--accuracy", split = ",", paramLabel = "SUMMARY[,AFTER]",
            description = "predictions.summary.json of eval (one, or two to compare).")
    List<Path> accuracy;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        JsonNode[] a = BeforeAfterInputs.read("--alignment", alignment, false);
        JsonNode[] e = BeforeAfterInputs.read("--accuracy", accuracy, false);
        ResultFiles.requireReplaceable(out, "report.json", "a tier report directory");
        TierReport report = new TierReport(a[0], a[1], e[0], e[1]);
        ResultFiles.writeDirectoryAtomically(out, report.files());
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("wrote " + out.resolve("report.md"));
        return Cli.OK;
    }
}
