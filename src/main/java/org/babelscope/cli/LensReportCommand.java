package org.babelscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.babelscope.report.ResultFiles;
import org.babelscope.report.SteeringReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compare runs before and after steering, per language: alignment with the",
                "pivot (cos, MEXA), task accuracy, and the off-target rate of generated answers.",
                "The pivot's own row shows what steering cost it (it should cost nothing)."},
        footer = {"", "Example:",
                "  babelscope capture ... --out runs/flores-plain",
                "  babelscope capture ... --steer runs/lens --out runs/flores-steered",
                "  babelscope align --store runs/flores-plain --pivot eng_Latn --out plain.json",
                "  babelscope align --store runs/flores-steered --pivot eng_Latn --out steered.json",
                "  babelscope eval ... --out runs/xcopa-plain/p.jsonl",
                "  babelscope eval ... --steer runs/lens --out runs/xcopa-steered/p.jsonl",
                "  babelscope lens report --alignment plain.json,steered.json \\",
                "      --eval runs/xcopa-plain/p.summary.json,runs/xcopa-steered/p.summary.json \\",
                "      --out runs/lens-report"})
final class LensReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--alignment", split = ",", paramLabel = "BEFORE,AFTER",
            description = "results.json of align on the unsteered and on the steered store.")
    List<Path> alignment;

    @Option(names = "--eval", split = ",", paramLabel = "BEFORE,AFTER",
            description = "predictions.summary.json of eval without and with --steer.")
    List<Path> eval;

    @Option(names = "--layers", split = ",", paramLabel = "L",
            description = "Layers of the align results to average (default: all); e.g. the steered ones and after.")
    List<Integer> layers;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Writes DIR/report.json and DIR/report.md.")
    Path out;

    @Override
    public Integer call() throws Exception {
        JsonNode[] a = BeforeAfterInputs.read("--alignment", alignment, true);
        JsonNode[] e = BeforeAfterInputs.read("--eval", eval, true);
        SteeringReport report = SteeringReport.of(a[0], a[1], e[0], e[1], layers);
        ResultFiles.requireReplaceable(out, "report.json", "a lens report directory");
        ResultFiles.writeDirectoryAtomically(out, report.files());
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("wrote " + out.resolve("report.md") + " and report.json");
        return Cli.OK;
    }
}
