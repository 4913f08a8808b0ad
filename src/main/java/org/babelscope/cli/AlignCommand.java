package org.babelscope.cli;

import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.compute.Backends;
import org.babelscope.metrics.AlignmentResults;
import org.babelscope.metrics.ItemScores;
import org.babelscope.metrics.TaskAlignment;
import org.babelscope.metrics.LayerSelection;
import org.babelscope.metrics.Metric;
import org.babelscope.metrics.PivotViews;
import org.babelscope.metrics.StoreAlignment;
import org.babelscope.report.AlignmentReport;
import org.babelscope.report.ItemScoresFile;
import org.babelscope.store.EmbeddingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "align", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Score every language view of an embedding store against the pivot, every",
                "layer: parallel cosine, MEXA, retrieval P@1 both ways (by cosine and by ratio",
                "margin); for stores of multiple-choice option views, DALI, DALI_S and MEXA_T",
                "per language and DALI per item."},
        footer = {"", "Example:",
                "  babelscope align --store runs/flores --pivot eng_Latn \\",
                "      --metrics cos,mexa,retrieval --layers 2-6 --out runs/flores/results.json",
                "  babelscope align --store runs/xcopa --pivot eng --metrics dali,dali_s,mexa_t \\",
                "      --out runs/xcopa/results.json   # and runs/xcopa/results.items.jsonl",
                "", "results.json holds metrics.<metric>.per_language.<view>",
                "  .{per_layer, mean, max, argmax_layer}; stdout gets the same as tables.",
                "The task metrics also write a line per language and item (DALI, DALI_S and",
                "the DALI margin per layer) to <results>.items.jsonl, for correlate."})
final class AlignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "STORE", description = "Embedding store directory.")
    Path store;

    @Option(names = "--pivot", required = true, paramLabel = "VIEW",
            description = {"The pivot view or language, e.g. eng_Latn. Views with a pivot-language partner",
                    "(eng-fra for fra; eng_Latn.opt2 for fra_Latn.opt2) are compared with it."})
    String pivot;

    @Option(names = "--langs", split = ",", paramLabel = "VIEW",
            description = "Views to score (default: every view but the pivot).")
    List<String> langs;

    @Option(names = "--metrics", defaultValue = "cos,mexa,retrieval", paramLabel = "LIST",
            description = {"Comma-separated: cos, mexa, retrieval (per view); dali, dali_s, mexa_t (per language,",
                    "over its option views <lang>.opt<k>) (default: ${DEFAULT-VALUE})."})
    String metrics;

    @Option(names = "--layers", defaultValue = "all", paramLabel = "all|a-b|a,b",
            description = "Model layers to score, as numbered in the manifest (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--margin-k", defaultValue = "4", paramLabel = "K",
            description = "Neighbours of the ratio margin (default: ${DEFAULT-VALUE}, as xsim).")
    int marginK;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "results.json to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Set<Metric> chosen = Metric.parse(metrics);
        if (marginK < 1) {
            throw new BadInputException("--margin-k must be at least 1, got " + marginK);
        }
        try (Backends.Choice backend = backendOptions.select()) {
            spec.commandLine().getErr().println(backend.reason());
            Set<Metric> taskMetrics = TaskAlignment.taskMetrics(chosen);
            Set<Metric> pairMetrics = EnumSet.copyOf(chosen);
            pairMetrics.removeAll(taskMetrics);
            try (EmbeddingStore s = EmbeddingStore.open(store)) {
                List<Integer> slots = LayerSelection.slots(layers, s.layers());
                List<AlignmentResults> parts = new ArrayList<>();
                ItemScores itemScores = null;
                if (!pairMetrics.isEmpty()) {
                    List<String> languages = langs != null ? langs : PivotViews.languages(s, pivot);
                    try (ConsoleProgress progress = new ConsoleProgress("align", (long) slots.size() * languages.size(), spec.commandLine().getErr())) {
                        parts.add(new StoreAlignment(backend.kernels()).run(s, pivot, languages, slots, pairMetrics, marginK,
                                (done, total) -> progress.stepTo(done)));
                    }
                }
                if (!taskMetrics.isEmpty()) {
                    TaskAlignment.Result task;
                    try (ConsoleProgress progress = new ConsoleProgress("task metrics", 0, spec.commandLine().getErr())) {
                        task = new TaskAlignment(backend.kernels()).run(s, pivot, langs, slots, taskMetrics, (done, total) -> {
                            progress.total(total);
                            progress.stepTo(done);
                        });
                    }
                    parts.add(task.languageLevel());
                    itemScores = task.items();
                }
                Map<String, Object> inputs = new LinkedHashMap<>();
                inputs.put("store", s.dir().toAbsolutePath().toString());
                s.manifest().model().ifPresent(m -> inputs.put("model", m));
                inputs.put("metrics", Metric.keys(chosen));
                inputs.put("margin_k", marginK);
                backendOptions.record(inputs, backend);
                ObjectNode json = AlignmentReport.toJson(parts, inputs);
                if (itemScores != null) {
                    // Items first: results.json never names a file that is not there.
                    Path itemsFile = ItemScoresFile.besides(out);
                    ItemScoresFile.write(itemsFile, itemScores);
                    ObjectNode ref = json.putObject("item_scores");
                    ref.put("file", itemsFile.getFileName().toString());
                    ArrayNode keys = ref.putArray("metrics");
                    keys.add("dali");
                    if (itemScores.hasStrict()) {
                        keys.add("dali_s");
                    }
                    keys.add("dali_margin");
                }
                AlignmentReport.write(out, json);
                for (AlignmentResults part : parts) {
                    spec.commandLine().getOut().print(AlignmentReport.table(part));
                }
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().println("wrote " + out + (itemScores == null ? "" : " and " + ItemScoresFile.besides(out)));
            }
            return Cli.OK;
        }
    }
}
