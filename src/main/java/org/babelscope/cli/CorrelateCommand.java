package org.babelscope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.babelscope.report.CorrelationReport;
import org.babelscope.stats.Correlate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "correlate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Does alignment predict task accuracy?",
                "Across languages: Pearson and Spearman of each metric (mean and max over",
                "layers) against accuracy. Per item (item scores and predictions.jsonl): DALI",
                "in items right in pivot and language (CC) against right in the pivot, wrong",
                "in the language (CW) at the best-aligned layer l*, with a one-sided",
                "two-proportion z-test, and the AUROC of each item score for correctness."},
        footer = {"", "Example:",
                "  babelscope correlate --alignment runs/xcopa/results.json \\",
                "      --accuracy runs/xcopa/predictions.jsonl --out runs/xcopa/correlate",
                "", "Language keys match exactly, else by ISO 639-3 code (deu_Latn = de = german);",
                "--lang-map KEY=LANG pairs the rest. Keys eng-<L> are the English side of L.",
                "REPORT_DIR gets report.md, correlation.json and PNG plots;",
                "nothing is written on bad input."})
final class CorrelateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--alignment", required = true, paramLabel = "results.json", description = "results.json of align.")
    Path alignment;

    @Option(names = "--accuracy", required = true, paramLabel = "FILE",
            description = {"predictions.jsonl of eval (per item); or, for the",
                    "language level only, accuracy.json {\"it\": 0.61}",
                    "or accuracy.csv (header lang,accuracy)."})
    Path accuracy;

    @Option(names = "--item-scores", paramLabel = "items.jsonl",
            description = {"Per-item scores, lines {\"lang\",\"item\",\"dali\":[...],...}",
                    "(default: the item_scores file named in results.json)."})
    Path itemScores;

    @Option(names = "--metrics", split = ",", paramLabel = "LIST",
            description = "Metrics of results.json to correlate, e.g. dali,mexa (default: all).")
    List<String> metrics;

    @Option(names = "--accuracy-field", defaultValue = "correct", paramLabel = "correct|correct_norm|correct_bytes",
            description = "Field of predictions.jsonl that says an item is right.")
    String accuracyField;

    @Option(names = "--lang-map", split = ",", paramLabel = "KEY=LANG",
            description = "Pairs keys the automatic matching cannot, e.g. de=deu_Latn,zh=zho_Hant.")
    Map<String, String> langMap;

    @Option(names = "--pivot", paramLabel = "LANG",
            description = {"Pivot language (default: results.json's pivot): its",
                    "predictions are the pivot of each language L without",
                    "eng-<L> predictions of its own (MGSM: en)."})
    String pivot;

    @Option(names = "--out", required = true, paramLabel = "REPORT_DIR", description = "Report directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        CorrelationReport.checkOut(out);
        Correlate.Outcome outcome = Correlate.run(new Correlate.Options(alignment, accuracy, itemScores, metrics,
                accuracyField, langMap == null ? Map.of() : langMap, pivot));
        String plotNote = CorrelationReport.write(out, outcome);
        spec.commandLine().getOut().print(CorrelationReport.table(outcome));
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().print(CorrelationReport.itemSummary(outcome));
        spec.commandLine().getOut().flush();
        java.util.Set<String> leftOut = new java.util.TreeSet<>();
        outcome.languageLevel().forEach(m -> m.excluded().forEach(l -> leftOut.add(l.source() + " " + l.key())));
        outcome.itemLevel().ifPresent(r -> r.excluded().forEach(l -> leftOut.add(l.source() + " " + l.key())));
        if (!leftOut.isEmpty()) {
            spec.commandLine().getErr().println("left out (reasons in " + out.resolve(CorrelationReport.MARKDOWN_FILE) + "): "
                    + org.babelscope.corpus.Names.sample(leftOut));
        }
        if (plotNote != null) {
            spec.commandLine().getErr().println(plotNote);
        }
        spec.commandLine().getErr().println("wrote " + out);
        return Cli.OK;
    }
}
