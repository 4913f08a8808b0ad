package org.babelscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.calm.SampleData;
import org.babelscope.calm.SampleSources;
import org.babelscope.calm.Sampler;
import org.babelscope.eval.PredictionsFile;
import org.babelscope.model.ModelDigest;
import org.babelscope.model.gguf.ModelInfo;
import org.babelscope.model.llama.BatchGenerator;
import org.babelscope.model.llama.KvType;
import org.babelscope.model.llama.ModelOpener;
import org.babelscope.model.llama.Sampling;
import org.babelscope.model.llama.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sample", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sample S answers per question in every language with a GGUF model, for calm",
                "vote. The prompt is the data's instruction, a newline, its input and a newline",
                "(plain text: no chat template). Every language x sample of a question is drawn",
                "in one batch (llama.cpp's sampler chain, many sequences per llama_decode).",
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

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "CPU threads (default: the cores idle at start).")
    int threads;

    @Option(names = "--gpu-layers", defaultValue = "0", paramLabel = "N", description = "Layers to offload to a GPU (default: none).")
    int gpuLayers;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
            description = "Sequences per llama_decode at most (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batch-tokens", defaultValue = "0", paramLabel = "N",
            description = {"Tokens one sequence may hold, its prompt and --max-new-tokens; longer prompts are cut",
                    "on the left (default: the model's context, at least 1024, up to 4096). Each sequence has",
                    "KV cells of its own, as many as a batch's longest prompt and --max-new-tokens need."})
    int batchTokens;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "samples.jsonl to write (or resume).")
    Path out;

    @Mixin
    LlamaRuntimeOptions llama;

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || limit < 0 || maxNewTokens < 1 || !(temperature >= 0) || threads < 0 || gpuLayers < 0
                || batch < 1 || batchTokens < 0) {
            throw new BadInputException("--samples, --max-new-tokens and --batch must be at least 1; --limit, "
                    + "--temperature, --threads, --gpu-layers and --batch-tokens 0 or more");
        }
        llama.apply();
        SampleSources.Loaded loaded = SampleData.read(data, langs);
        var questions = limit > 0 && limit < loaded.questions().size() ? loaded.questions().subList(0, limit)
                : loaded.questions();
        ModelInfo info = ModelOpener.check(model, gpuLayers);
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
        int threadCount = threads > 0 ? threads : org.babelscope.model.llama.CpuThreads.idleCores();
        Sampler sampler = new Sampler(samples, seed);
        try (PredictionsFile file = PredictionsFile.open(out, settings);
                ConsoleProgress progress = new ConsoleProgress("calm sample", 0, err);
                ModelOpener.Opened opened = ModelOpener.open(model, gpuLayers)) {
            if (file.resumeNote() != null) {
                err.println(file.resumeNote());
            }
            int tokens = batchTokens > 0 ? batchTokens : Math.max(MIN_CONTEXT, Math.min(info.contextLength(), 4096));
            // llama.cpp's default F16 KV cache, as java-llama.cpp's generation had: half the memory of F32.
            try (BatchGenerator generator = BatchGenerator.perSequence(opened.model(), batch, threadCount,
                    KvType.F16, tokens)) {
                sampler.runBatched(questions, file, requests -> {
                    List<BatchGenerator.Request> batchRequests = new ArrayList<>(requests.size());
                    for (Sampler.Request r : requests) {
                        batchRequests.add(new BatchGenerator.Request(r.prompt(), Sampling.at(temperature, r.seed()),
                                List.of()));
                    }
                    return generator.generate(batchRequests, maxNewTokens).stream().map(Session.Generation::text)
                            .toList();
                }, (done, total) -> {
                    progress.total(total);
                    progress.stepTo(done);
                });
                if (generator.truncatedPrompts() > 0) {
                    err.println("note: " + generator.truncatedPrompts() + " prompts lost tokens on the left to fit "
                            + tokens + " tokens with " + maxNewTokens + " new ones (--batch-tokens)");
                }
            }
            file.finish(loaded.languages());
        }
        spec.commandLine().getOut().printf("%d questions x %d languages x %d samples in %s%n", questions.size(),
                loaded.languages().size(), samples, out);
        spec.commandLine().getOut().flush();
        return Cli.OK;
    }
}
