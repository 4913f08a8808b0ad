package org.babelscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.calm.SampleData;
import org.babelscope.calm.SampleSources;
import org.babelscope.calm.Sampler;
import org.babelscope.eval.PredictionsFile;
import org.babelscope.model.ModelDigest;
import org.babelscope.model.gguf.ModelCheck;
import org.babelscope.model.gguf.ModelInfo;
import org.babelscope.model.llama.JavaLlamaGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sample", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sample S answers per question in every language with a GGUF model, for calm",
                "vote. The prompt is the data's instruction, a newline, its input and a newline",
                "(plain text: no chat template). One request at a time (no parallel slots).",
                "A rerun after an interrupt keeps the finished question x language lines."},
        footer = {"", "Example:",
                "  babelscope calm sample --model M.gguf --data ../shared/data/xcsqa/test \\",
                "      --langs en,zh,fr --samples 3 --temperature 0.7 --seed 1 \\",
                "      --out runs/calm/samples.jsonl",
                "", "Writes samples.jsonl, a line per question and language: {\"lang\",\"item\",",
                "\"gold\",\"instruction\",\"input\",\"samples\"}.",
                "Then: babelscope calm vote --samples runs/calm/samples.jsonl \\",
                "      --out votes.jsonl --summary summary.json"})
final class CalmSampleCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Room for X-CSQA's instruction and question in any of its languages and a 256-token answer. */
    private static final int MIN_CONTEXT = 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "The GGUF model.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "X-CSQA: a folder of x_csqa_<l>_test.json or x_csqa_<l>_train_sampled.json files.")
    Path data;

    @Option(names = "--langs", required = true, split = ",", paramLabel = "LANGS", description = "Languages (cn = zh).")
    List<String> langs;

    @Option(names = "--samples", defaultValue = "3", paramLabel = "S", description = "Answers per question and language (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--temperature", defaultValue = "0.7", paramLabel = "T", description = "Sampling temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "N", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Only the first N questions (default: all).")
    int limit;

    @Option(names = "--max-new-tokens", defaultValue = "256", paramLabel = "N", description = "Answer length limit (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "CPU threads (default: all cores).")
    int threads;

    @Option(names = "--gpu-layers", defaultValue = "0", paramLabel = "N", description = "Layers to offload to a GPU (default: none).")
    int gpuLayers;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "samples.jsonl to write (or resume).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || limit < 0 || maxNewTokens < 1 || !(temperature >= 0) || threads < 0 || gpuLayers < 0) {
            throw new BadInputException("--samples and --max-new-tokens must be at least 1; --limit, --temperature, "
                    + "--threads and --gpu-layers 0 or more");
        }
        SampleSources.Loaded loaded = SampleData.read(data, langs);
        var questions = limit > 0 && limit < loaded.questions().size() ? loaded.questions().subList(0, limit)
                : loaded.questions();
        ModelInfo info = ModelCheck.requireCapturable(model, org.babelscope.model.llama.LlamaRuntime.abi());
        ObjectNode settings = JSON.createObjectNode();
        settings.put("data", data.toAbsolutePath().normalize().toString());
        settings.put("model", model.toAbsolutePath().normalize().toString());
        settings.put("model_sha256", ModelDigest.sha256(model));
        settings.set("languages", JSON.valueToTree(loaded.languages()));
        settings.put("samples", samples);
        settings.put("temperature", temperature);
        settings.put("seed", seed);
        settings.put("limit", limit);
        settings.put("max_new_tokens", maxNewTokens);
        var err = spec.commandLine().getErr();
        // The prompt and the answer in one context: the model's own length, within reason, but never
        // so short that llama.cpp would cut X-CSQA's instruction and question (stories260K trains on 128).
        int ctx = Math.max(MIN_CONTEXT, Math.min(info.contextLength(), 4096));
        int threadCount = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try (PredictionsFile file = PredictionsFile.open(out, settings);
                ConsoleProgress progress = new ConsoleProgress("calm sample", 0);
                JavaLlamaGenerator generator = new JavaLlamaGenerator(model, threadCount, ctx, gpuLayers)) {
            if (file.resumeNote() != null) {
                err.println(file.resumeNote());
            }
            new Sampler(samples, seed).run(questions, file,
                    (prompt, requestSeed) -> generator.generate(prompt, List.of(), maxNewTokens,
                            new JavaLlamaGenerator.Sampling(temperature, requestSeed)),
                    (done, total) -> {
                        progress.total(total);
                        progress.stepTo(done);
                    });
            file.finish(loaded.languages());
        }
        spec.commandLine().getOut().printf("%d questions x %d languages x %d samples in %s%n", questions.size(),
                loaded.languages().size(), samples, out);
        spec.commandLine().getOut().flush();
        return Cli.OK;
    }
}
