package org.babelscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.corpus.JsonLines;
import org.babelscope.corpus.TextLines;
import org.babelscope.eval.AccuracySummary;
import org.babelscope.eval.EvalJob;
import org.babelscope.eval.PredictionsFile;
import org.babelscope.eval.task.TaskName;
import org.babelscope.eval.task.TaskSet;
import org.babelscope.eval.task.Tasks;
import org.babelscope.lens.Lens;
import org.babelscope.lens.LensFiles;
import org.babelscope.lens.Steering;
import org.babelscope.model.ModelDigest;
import org.babelscope.model.gguf.ControlVectorFile;
import org.babelscope.model.gguf.ModelInfo;
import org.babelscope.model.llama.ModelOpener;
import org.babelscope.model.llama.Session;
import org.babelscope.report.JsonNumbers;
import org.babelscope.report.ResultFiles;
import org.babelscope.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Try every combination of alpha, beta and layer range on a task's validation",
                "split (never its test split) and report the best setting per language, with",
                "no steering among the candidates. The best vectors are written as control-vector",
                "files. A rerun after an interrupt keeps the finished settings and items."},
        footer = {"", "Example:",
                "  babelscope lens sweep --model M.gguf --lens runs/lens --task xcopa \\",
                "      --data ../shared/data/xcopa --langs sw,it --alphas 1 --betas 0.5,1,2 \\",
                "      --layer-ranges 3-4,4 --out runs/sweep",
                "", "Writes SWEEPDIR/<setting>.jsonl per setting (predictions on the val split),",
                "SWEEPDIR/sweep.json (accuracy per language and setting, the best per language)",
                "and SWEEPDIR/best/<lang>.gguf where steering beat no steering."})
final class LensSweepCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String NONE = "none";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "The GGUF model.")
    Path model;

    @Option(names = "--lens", required = true, paramLabel = "LENSDIR", description = "A directory written by lens fit.")
    Path lensDir;

    @Option(names = "--task", required = true, paramLabel = "TASK", description = "A task with a validation split: xcopa.")
    String task;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "The task's data folder.")
    Path data;

    @Option(names = "--langs", split = ",", paramLabel = "LANG", description = "Languages to tune (default: all).")
    List<String> langs;

    @Option(names = "--alphas", split = ",", defaultValue = "1", paramLabel = "A,..",
            description = "Agnostic weights to try (default: ${DEFAULT-VALUE}).")
    List<Double> alphas;

    @Option(names = "--betas", split = ",", defaultValue = "0.5,1,2", paramLabel = "B,..",
            description = "Specific weights to try (default: ${DEFAULT-VALUE}).")
    List<Double> betas;

    @Option(names = "--layer-ranges", split = ",", paramLabel = "a-b,..",
            description = "Layer ranges to try, each a-b or one layer (default: the upper half of the lens's layers).")
    List<String> layerRanges;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Only the first N val items per language (default: all).")
    int limit;

    @Option(names = "--out", required = true, paramLabel = "SWEEPDIR", description = "Directory for the sweep's files.")
    Path out;

    @Mixin
    LlamaRunOptions run;

    /** One candidate: a name for files and tables, and its steering (null: none). */
    record Setting(String name, Steering steering) {
    }

    @Override
    public Integer call() throws Exception {
        run.validate();
        TaskName name = TaskName.parse(task);
        if (name != TaskName.XCOPA) {
            throw new BadInputException("lens sweep tunes on a validation split, which only xcopa has here; "
                    + task + " has none (its test split must stay unseen)");
        }
        if (limit < 0) {
            throw new BadInputException("--limit must be 0 or more");
        }
        PrintWriter err = spec.commandLine().getErr();
        Lens lens = LensFiles.read(lensDir);
        TaskSet set = Tasks.load(name, data, langs, 0, 1234, "val");
        ModelInfo info = ModelOpener.check(model, run.gpuLayers);
        List<Setting> settings = settings(lens, info);
        if (!Files.exists(out)) {
            org.babelscope.runner.RunnerJournal.created(out);
        }
        Files.createDirectories(out);
        String modelSha = ModelDigest.sha256(model);
        Map<String, AccuracySummary> results = new LinkedHashMap<>();
        try (ModelOpener.Opened opened = ModelOpener.open(model, run.gpuLayers);
                Session session = new Session(opened.model(), run.batchTokens, run.batch, run.threadCount(),
                        run.kvType());
                ConsoleProgress progress = new ConsoleProgress("lens sweep", settings.size(), err)) {
            int done = 0;
            for (Setting s : settings) {
                ObjectNode runSettings = JSON.createObjectNode();
                runSettings.put("task", name.cliName());
                runSettings.put("split", "val");
                runSettings.put("data", data.toAbsolutePath().normalize().toString());
                runSettings.put("model_sha256", modelSha);
                runSettings.put("limit", limit);
                runSettings.set("languages", JSON.valueToTree(set.languages()));
                runSettings.put("steer", s.steering() == null ? NONE : s.steering().fingerprint());
                Path file = out.resolve(s.name() + ".jsonl");
                Path settingsFile = out.resolve(s.name() + ".settings.json");
                List<JsonNode> lines;
                if (Files.exists(file) && Files.exists(settingsFile)) {
                    // Finished in an earlier run: reused only if it was made the same way.
                    if (!JSON.readTree(settingsFile.toFile()).equals(runSettings)) {
                        throw new BadInputException(out + " holds a sweep made with other settings (" + settingsFile
                                + "); choose another --out");
                    }
                    lines = readLines(file);
                } else {
                    try (PredictionsFile predictions = PredictionsFile.open(file, runSettings)) {
                        new EvalJob(set, limit, predictions, (a, b) -> { })
                                .runChoices(opened.model(), session, false, s.steering());
                        lines = predictions.finish(set.languages());
                    }
                    ResultFiles.writeAtomically(settingsFile, JSON.writeValueAsBytes(runSettings));
                    org.babelscope.runner.RunnerJournal.finished(out);
                }
                results.put(s.name(), AccuracySummary.of(lines, set.languages()));
                progress.stepTo(++done);
                err.println("setting " + s.name() + " done");
            }
        }
        ObjectNode report = report(lens, set, settings, results);
        writeBest(lens, info, settings, report);
        ResultFiles.writeAtomically(out.resolve("sweep.json"), JSON.writeValueAsBytes(report));
        spec.commandLine().getOut().print(table(set, settings, results, report));
        spec.commandLine().getOut().flush();
        err.println("wrote " + out.resolve("sweep.json"));
        return Cli.OK;
    }

    private List<Setting> settings(Lens lens, ModelInfo info) {
        List<Setting> out = new ArrayList<>();
        out.add(new Setting(NONE, null));
        List<String> ranges = layerRanges != null ? layerRanges : java.util.Collections.singletonList(null);
        for (String range : ranges) {
            for (double a : alphas) {
                for (double b : betas) {
                    Steering s = Steering.fromLens(lens, a, b, range);
                    s.requireFits(info);
                    List<Integer> layers = s.layers();
                    String layerName = layers.size() == 1 ? "" + layers.get(0)
                            : layers.get(0) + "-" + layers.get(layers.size() - 1);
                    out.add(new Setting(String.format(Locale.ROOT, "a%s_b%s_l%s", number(a), number(b), layerName), s));
                }
            }
        }
        return out;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The lines of a finished predictions file, read as every JSONL input of babelscope is. */
    private static List<JsonNode> readLines(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.parse(TextLines.read(file), file.toString())) {
            lines.add(line.object());
        }
        return lines;
    }

    /** Accuracy per language and setting; the best per language (ties: the earlier, none first). */
    private static ObjectNode report(Lens lens, TaskSet set, List<Setting> settings, Map<String, AccuracySummary> results) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "babelscope-lens-sweep/1");
        root.put("split", "val");
        root.put("lens_pivot", lens.pivot());
        ObjectNode per = root.putObject("per_language");
        for (String lang : set.languages()) {
            ObjectNode l = per.putObject(lang);
            ObjectNode acc = l.putObject("acc");
            String best = NONE;
            double bestAcc = Double.NEGATIVE_INFINITY;
            for (Setting s : settings) {
                double a = results.get(s.name()).rows().get(lang).acc();
                JsonNumbers.put(acc, s.name(), a);
                if (a > bestAcc) {
                    bestAcc = a;
                    best = s.name();
                }
            }
            l.put("best", best);
            JsonNumbers.put(l, "best_acc", bestAcc);
            JsonNumbers.put(l, "none_acc", results.get(NONE).rows().get(lang).acc());
        }
        return root;
    }

    /** Control-vector files for the languages where a steered setting won. */
    private void writeBest(Lens lens, ModelInfo info, List<Setting> settings, ObjectNode report) throws java.io.IOException {
        Map<String, Setting> byName = new LinkedHashMap<>();
        settings.forEach(s -> byName.put(s.name(), s));
        var it = report.path("per_language").fields();
        while (it.hasNext()) {
            var e = it.next();
            Setting best = byName.get(e.getValue().path("best").asText());
            if (best.steering() == null) {
                continue;
            }
            var vectors = best.steering().vectors(e.getKey());
            if (vectors.isEmpty()) {
                continue; // the pivot, or a language the lens lacks
            }
            Path file = out.resolve("best").resolve(e.getKey() + ".gguf");
            Files.createDirectories(file.getParent());
            new ControlVectorFile(lens.architecture().orElse(info.architecture()), vectors).write(file);
            ((ObjectNode) e.getValue()).put("control_vector", out.relativize(file).toString());
        }
    }

    private static String table(TaskSet set, List<Setting> settings, Map<String, AccuracySummary> results, ObjectNode report) {
        List<String> header = new ArrayList<>(List.of("setting"));
        header.addAll(set.languages());
        TextTable t = new TextTable(header);
        for (Setting s : settings) {
            List<String> row = new ArrayList<>(List.of(s.name()));
            for (String lang : set.languages()) {
                double a = results.get(s.name()).rows().get(lang).acc();
                String best = report.path("per_language").path(lang).path("best").asText();
                row.add(String.format(Locale.ROOT, "%.3f%s", a, best.equals(s.name()) ? "*" : ""));
            }
            t.add(row);
        }
        return "Accuracy on the val split per steering setting (* best per language):\n" + t.render();
    }
}
