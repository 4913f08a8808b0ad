package org.babelscope.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.bench.CaptureBench;
import org.babelscope.corpus.BuiltinCorpus;
import org.babelscope.corpus.View;
import org.babelscope.model.gguf.GgmlType;
import org.babelscope.model.gguf.TinyLlama;
import org.babelscope.model.llama.JavaLlamaEmbedder;
import org.babelscope.model.llama.KvType;
import org.babelscope.model.llama.ModelOpener;
import org.babelscope.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "capture", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sentences/s and tokens/s of all-layer capture against, on the same model, texts and threads:",
                "java-llama.cpp's own embed() loop (last layer only, one text per call) and the shim decoding",
                "the same batches without capture. Without --model, a random-weight llama model of the given",
                "shape is generated (once) under models/generated/."},
        footer = {"", "Examples:", "  babelscope bench capture --layers 16 --embd 2048 --ff 5632 --weights q8_0",
                "  babelscope bench capture --model models/my-model.gguf --sentences 128 --threads 8"})
final class BenchCaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "M.gguf", description = "Benchmark this model instead of a generated one.")
    Path model;

    @Option(names = "--layers", defaultValue = "16", paramLabel = "N", description = "Generated model: layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--embd", defaultValue = "2048", paramLabel = "N", description = "Generated model: n_embd (default: ${DEFAULT-VALUE}).")
    int embd;

    @Option(names = "--ff", defaultValue = "5632", paramLabel = "N", description = "Generated model: n_ff (default: ${DEFAULT-VALUE}).")
    int ff;

    @Option(names = "--heads", defaultValue = "16", paramLabel = "N", description = "Generated model: attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--kv-heads", defaultValue = "4", paramLabel = "N", description = "Generated model: KV heads (default: ${DEFAULT-VALUE}).")
    int kvHeads;

    @Option(names = "--weights", defaultValue = "q8_0", paramLabel = "f32|f16|q8_0", description = "Generated model: matrix type (default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--vocab", paramLabel = "V.gguf",
            description = "Generated model: copy this GGUF's tokenizer (e.g. a Llama SentencePiece vocabulary) instead of a byte-level one.")
    Path vocab;

    @Option(names = "--sentences", defaultValue = "64", paramLabel = "N",
            description = "Texts per repetition, taken across the languages of the built-in corpus (default: ${DEFAULT-VALUE}).")
    int sentences;

    @Option(names = "--repetitions", defaultValue = "3", paramLabel = "R", description = "Timed passes of each contender (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--no-embed", description = {"Skip java-llama.cpp's embed() contender (CPU only, llama.cpp b4916):",
            "on a GPU run, or for a model family b4916 cannot load."})
    boolean noEmbed;

    @Option(names = "--generate-only", description = "Generate the model of the given shape, print its path, and stop.")
    boolean generateOnly;

    @Mixin
    LlamaRunOptions run;

    @Override
    public Integer call() throws Exception {
        if (sentences < 1 || repetitions < 1) {
            throw new BadInputException("--sentences and --repetitions must be at least 1");
        }
        run.validate();
        int t = run.threadCount();
        KvType kv = run.kvType();
        PrintWriter err = spec.commandLine().getErr();
        Path file = model != null ? model : generated(err);
        if (generateOnly) {
            spec.commandLine().getOut().println(file);
            spec.commandLine().getOut().flush();
            return Cli.OK;
        }
        List<String> texts = texts(sentences);
        try (ModelOpener.Opened opened = ModelOpener.open(file, run.gpuLayers);
             JavaLlamaEmbedder embedder = noEmbed ? null : new JavaLlamaEmbedder(file, t, run.batchTokens, kv, 0)) {
            err.printf(Locale.ROOT, "model %s: %d layers, n_embd %d; %d texts, %d threads, kv %s; %s, %d GPU layers%n", file,
                    opened.info().nLayer(), opened.info().nEmbd(), texts.size(), t, kv.cliName(),
                    org.babelscope.model.llama.LlamaRuntime.current().map(b -> b.describe()).orElse("?"), run.gpuLayers);
            CaptureBench.Result r = new CaptureBench(opened.model(), embedder, t, run.batch, run.batchTokens, kv)
                    .run(texts, repetitions, err::println);
            TextTable table = new TextTable(List.of("contender", "median s", "texts/s", "tokens/s", "time vs capture"));
            for (CaptureBench.Row row : r.rows()) {
                table.add(new ArrayList<>(List.of(row.contender(), String.format(Locale.ROOT, "%.2f", row.medianSeconds()),
                        String.format(Locale.ROOT, "%.1f", row.sentencesPerSecond()),
                        String.format(Locale.ROOT, "%.0f", row.tokensPerSecond()),
                        String.format(Locale.ROOT, "%.2f", row.ratioToCapture()))));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%d texts, %d tokens, %d batches; medians of %d repetitions%n", r.sentences(),
                    r.tokens(), r.batches(), repetitions);
            out.print(table.render());
            if (!noEmbed) {
                out.printf(Locale.ROOT, "capture rate / embed() loop rate: %.2fx (median of per-repetition ratios)%n",
                        r.captureOverEmbedRate());
            }
            out.printf(Locale.ROOT, "capture time over plain decode: %+.1f%%%n", 100 * r.captureOverheadVsPlain());
            out.flush();
        }
        return Cli.OK;
    }

    private Path generated(PrintWriter err) throws java.io.IOException {
        GgmlType type = Choices.parse(GgmlType.class, "--weights", weights);
        String name = String.format(Locale.ROOT, "bench-l%d-e%d-f%d-h%d-kv%d-%s%s.gguf", layers, embd, ff, heads, kvHeads,
                type.name().toLowerCase(Locale.ROOT), vocab == null ? "" : "-" + vocab.getFileName().toString().replace(".gguf", ""));
        Path file = Path.of("models", "generated", name);
        if (!Files.exists(file)) {
            err.println("generating " + file + " (random weights; once)");
            Files.createDirectories(file.getParent());
            TinyLlama.write(TinyLlama.Spec.builder().name("babelscope-bench").nLayer(layers).nEmbd(embd).nFf(ff)
                    .nHead(heads).nHeadKv(kvHeads).contextLength(4096).weightType(type).seed(42).vocabularyFrom(vocab)
                    .build(), file);
        }
        return file;
    }

    /** Texts across languages (item-major), so every batch mixes scripts as a real corpus does. */
    static List<String> texts(int n) {
        List<View> views = BuiltinCorpus.load().views();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; out.size() < n; i++) {
            View v = views.get(i % views.size());
            out.add(v.text((i / views.size()) % v.size()));
        }
        return out;
    }
}
