package org.babelscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.eval.AccuracySummary;
import org.babelscope.eval.EvalJob;
import org.babelscope.eval.PredictionsFile;
import org.babelscope.eval.fidelity.LanguageIdentifier;
import org.babelscope.eval.fidelity.OffTargetRate;
import org.babelscope.eval.task.TaskName;
import org.babelscope.eval.task.TaskSet;
import org.babelscope.lens.Steering;
import org.babelscope.model.ModelDigest;
import org.babelscope.model.gguf.ModelInfo;
import org.babelscope.model.llama.BatchGenerator;
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

@Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Score a task in every language with a GGUF model: multiple choice by the",
                "log-likelihood of each option after its context (lm-evaluation-harness's",
                "templates; acc, acc_norm, acc_bytes), MGSM by greedy generation and the",
                "answer's last number. An item's options share one decode of its context;",
                "many items share one llama_decode. A rerun after an interrupt keeps the",
                "finished items."},
        footer = {"", "Examples:",
                "  babelscope eval --model M.gguf --task xcopa --data ../shared/data/xcopa \\",
                "      --langs it,eng-it,sw,eng-sw --out runs/xcopa/predictions.jsonl",
                "  babelscope eval --model M.gguf --task belebele \\",
                "      --data ../shared/data/belebele-options --limit 200 \\",
                "      --out runs/belebele/predictions.jsonl",
                "  babelscope eval --model M.gguf --task mgsm --data ../shared/data/mgsm \\",
                "      --langs en,de --shots 3 --out runs/mgsm/predictions.jsonl",
                "", "Writes predictions.jsonl (a line per item and language) and",
                "<out>.summary.json (accuracy per language), and prints the accuracy table.",
                "Then: babelscope correlate --alignment results.json --accuracy predictions.jsonl"})
final class EvalCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "The GGUF model.")
    Path model;

    @Mixin
    TaskOptions taskOptions;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Only the first N items of each language (default: all).")
    int limit;

    @Option(names = "--max-new-tokens", defaultValue = "256", paramLabel = "N", description = "Generation length limit, MGSM (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--naive", description = "Score one request (context + option) per decode: the slow baseline of bench eval.")
    boolean naive;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "predictions.jsonl to write (or resume).")
    Path out;

    @Mixin
    SteerOptions steerOptions;

    @Mixin
    LlamaRunOptions run;

    @Override
    public Integer call() throws Exception {
        run.validate();
        if (limit < 0 || maxNewTokens < 1) {
            throw new BadInputException("--limit must be 0 or more, --max-new-tokens at least 1");
        }
        TaskName name = taskOptions.name();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        TaskSet set = taskOptions.load();
        set.notes().forEach(n -> err.println("note: " + n));
        ModelInfo info = ModelOpener.check(model, run.gpuLayers);
        Steering steering = steerOptions.load().orElse(null);
        if (steering != null) {
            steering.requireFits(info);
            for (String lang : set.languages()) {
                if (steering.lens().isPresent() && steering.lensLanguage(lang).isEmpty()) {
                    err.println("note: " + lang + " is not a language of the lens: it runs unsteered");
                }
            }
        }
        ObjectNode settings = JSON.createObjectNode();
        settings.put("task", name.cliName());
        settings.put("data", taskOptions.data.toAbsolutePath().normalize().toString());
        settings.put("model", model.toAbsolutePath().normalize().toString());
        settings.put("model_sha256", ModelDigest.sha256(model));
        settings.set("languages", JSON.valueToTree(set.languages()));
        settings.put("split", taskOptions.split);
        settings.put("shots", taskOptions.shots);
        settings.put("seed", taskOptions.seed);
        settings.put("limit", limit);
        if (name.isGeneration()) {
            settings.put("max_new_tokens", maxNewTokens);
        }
        if (steering != null) {
            settings.set("steer", steeringSettings(steering, set.languages()));
        }
        EvalJob.Timing timing;
        List<JsonNode> lines;
        try (PredictionsFile predictions = PredictionsFile.open(out, settings);
                ConsoleProgress progress = new ConsoleProgress("eval " + name.cliName(), 0, err)) {
            if (predictions.resumeNote() != null) {
                err.println(predictions.resumeNote());
            }
            EvalJob job = new EvalJob(set, limit, predictions, (done, total) -> {
                progress.total(total);
                progress.stepTo(done);
            });
            if (name.isGeneration()) {
                // One sequence may take the model's own context, within reason, so that a long few-shot
                // prompt is not cut. Each sequence has KV cells of its own (it attends over nothing
                // else), as many as each call's longest prompt and --max-new-tokens need.
                int ctx = Math.max(run.batchTokens, Math.min(info.contextLength(), 4096));
                try (ModelOpener.Opened opened = ModelOpener.open(model, run.gpuLayers);
                        BatchGenerator generator = BatchGenerator.perSequence(opened.model(), run.batch,
                                run.threadCount(), run.kvType(), ctx)) {
                    timing = job.runGeneration(generator, maxNewTokens, steering);
                    if (generator.truncatedPrompts() > 0) {
                        err.println("note: " + generator.truncatedPrompts() + " prompts lost tokens on the left to fit "
                                + ctx + " tokens with " + maxNewTokens + " new ones (--batch-tokens)");
                    }
                }
            } else {
                try (ModelOpener.Opened opened = ModelOpener.open(model, run.gpuLayers);
                        Session session = new Session(opened.model(), run.batchTokens, run.batch, run.threadCount(),
                                run.kvType())) {
                    timing = job.runChoices(opened.model(), session, naive, steering);
                }
            }
            lines = predictions.finish(set.languages());
        }
        AccuracySummary accuracy = AccuracySummary.of(lines, set.languages());
        Map<String, OffTargetRate.Row> offTarget = name.isGeneration() ? offTarget(lines, set.languages(), err) : Map.of();
        Path summaryFile = summaryPath(out);
        ResultFiles.writeAtomically(summaryFile,
                JSON.writeValueAsBytes(summary(settings, set, accuracy, offTarget, timing)));
        stdout.print(accuracy.table());
        if (!offTarget.isEmpty()) {
            stdout.print(offTargetTable(offTarget));
        }
        if (timing.items() > 0) {
            stdout.printf(Locale.ROOT, "%d items (%d requests) in %.1f s: %.2f items/s%s%n", timing.items(),
                    timing.requests(), timing.seconds(), timing.itemsPerSecond(), naive ? " (naive loop)" : "");
        }
        stdout.flush();
        err.println("wrote " + out + " and " + summaryFile);
        return Cli.OK;
    }

    /** What a steered run did, in its settings: a resumed run must steer the same way. */
    private static ObjectNode steeringSettings(Steering steering, List<String> languages) {
        ObjectNode o = JSON.createObjectNode();
        o.put("how", steering.fingerprint());
        ObjectNode per = o.putObject("per_language");
        for (String lang : languages) {
            java.util.TreeMap<Integer, float[]> v = steering.vectors(lang);
            double sq = 0;
            for (float[] layer : v.values()) {
                for (float x : layer) {
                    sq += (double) x * x;
                }
            }
            ObjectNode r = per.putObject(lang);
            r.put("lens_language", steering.lensLanguage(lang).orElse(null));
            r.set("layers", JSON.valueToTree(v.keySet()));
            r.put("norm", Math.sqrt(sq));
        }
        return o;
    }

    /** {@code predictions.jsonl} → {@code predictions.summary.json}. */
    static Path summaryPath(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".summary.json");
    }

    /**
     * The share of generated answers written in another language than asked, by Lingua built for
     * the languages of this run only (all of its models would take over a gigabyte).
     */
    private static Map<String, OffTargetRate.Row> offTarget(List<JsonNode> lines, List<String> languages,
            PrintWriter err) {
        try (LanguageIdentifier identifier = LanguageIdentifier.forLanguages(languages)) {
            OffTargetRate rate = new OffTargetRate(identifier);
            for (JsonNode line : lines) {
                rate.add(line.path("lang").asText(), line.path("generation").asText());
            }
            return rate.rows();
        } catch (IllegalArgumentException unknownCodes) {
            err.println("note: no off-target rate: " + unknownCodes.getMessage());
            return Map.of();
        }
    }

    private static String offTargetTable(Map<String, OffTargetRate.Row> rows) {
        TextTable t = new TextTable(List.of("lang", "answers", "identified", "off-target", "rate"));
        rows.forEach((lang, r) -> t.add(List.of(lang, String.valueOf(r.answers()),
                r.supported() ? String.valueOf(r.identified()) : "unsupported", String.valueOf(r.offTarget()),
                Double.isNaN(r.offTargetRate()) ? "-" : String.format(Locale.ROOT, "%.3f", r.offTargetRate()))));
        return "Off-target answers (language identified by Lingua):\n" + t.render();
    }

    private static ObjectNode summary(ObjectNode settings, TaskSet set, AccuracySummary accuracy,
            Map<String, OffTargetRate.Row> offTarget, EvalJob.Timing t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "babelscope-eval/1");
        root.set("settings", settings);
        root.set("notes", JSON.valueToTree(set.notes()));
        ObjectNode per = root.putObject("per_language");
        for (Map.Entry<String, AccuracySummary.Row> e : accuracy.rows().entrySet()) {
            ObjectNode r = per.putObject(e.getKey());
            r.put("items", e.getValue().items());
            r.put("gold", e.getValue().scored());
            JsonNumbers.put(r, "acc", e.getValue().acc());
            JsonNumbers.put(r, "acc_norm", e.getValue().accNorm());
            JsonNumbers.put(r, "acc_bytes", e.getValue().accBytes());
            OffTargetRate.Row o = offTarget.get(e.getKey());
            if (o != null) {
                ObjectNode f = r.putObject("off_target");
                f.put("supported", o.supported());
                f.put("answers", o.answers());
                f.put("identified", o.identified());
                f.put("off_target", o.offTarget());
                JsonNumbers.put(f, "rate", o.offTargetRate());
            }
        }
        ObjectNode timing = root.putObject("timing");
        timing.put("items", t.items());
        timing.put("requests", t.requests());
        timing.put("seconds", t.seconds());
        JsonNumbers.put(timing, "items_per_second", t.items() > 0 ? t.itemsPerSecond() : Double.NaN);
        return root;
    }
}
