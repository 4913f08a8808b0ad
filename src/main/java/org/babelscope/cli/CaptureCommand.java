package org.babelscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.corpus.BuiltinCorpus;
import org.babelscope.corpus.Corpora;
import org.babelscope.corpus.Corpus;
import org.babelscope.corpus.CorpusFormat;
import org.babelscope.corpus.ReadOptions;
import org.babelscope.corpus.View;
import org.babelscope.lens.Steering;
import org.babelscope.model.capture.CaptureInput;
import org.babelscope.model.capture.CaptureJob;
import org.babelscope.model.capture.CaptureOptions;
import org.babelscope.model.llama.ModelOpener;
import org.babelscope.model.llama.Pooling;
import org.babelscope.store.Dtype;
import org.babelscope.model.ModelDigest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "capture", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run a corpus through a GGUF model and store every layer's hidden state per text",
                "(pooled: last token, mean or position-weighted mean), one .npy per language view.",
                "Re-running after an interrupt skips the views already complete."},
        footer = {"", "Examples:",
                "  babelscope capture --model models/qwen2.5-1.5b-q8_0.gguf \\",
                "      --corpus ../shared/data/flores200-devtest --format flores \\",
                "      --langs eng_Latn,fra_Latn,swh_Latn --limit 200 --out runs/flores",
                "  babelscope capture --model M.gguf --corpus ../shared/data/belebele-options --format options \\",
                "      --pooling mean --layers 8-15 --dtype f16 --out runs/belebele",
                "  babelscope capture --model M.gguf --corpus builtin --out runs/mini",
                "", "Then: babelscope align --store runs/flores --pivot eng_Latn --out runs/flores/results.json"})
final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "The GGUF model.")
    Path model;

    @Option(names = "--corpus", required = true, paramLabel = "PATH",
            description = "Folder or file of the corpus, or 'builtin' for babelscope's own mini parallel corpus.")
    String corpus;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "flores|tatoeba|options|xcopa|jsonl (default: flores for a folder, jsonl for a file).")
    String format;

    @Option(names = "--langs", split = ",", paramLabel = "LANG", description = "Languages to capture (default: all; the pivot is always kept).")
    List<String> langs;

    @Option(names = "--pivot", paramLabel = "LANG", description = "Pivot language, when the corpus's English should not be it.")
    String pivot;

    @Option(names = "--split", paramLabel = "NAME", description = "Split to read where a corpus has several (flores: devtest|dev, xcopa: test|val).")
    String split;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Only the first N items (default: all).")
    int limit;

    @Option(names = "--pooling", defaultValue = "last", paramLabel = "last|mean|weighted",
            description = "How a text's token states become one vector (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--layers", defaultValue = "all", paramLabel = "all|a-b",
            description = "Layers to keep, 0-based (default: all). Layers after the last one are not computed.")
    String layers;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f16", description = "Element type of the stored states (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--out", required = true, paramLabel = "STORE", description = "Embedding store directory to write (or resume).")
    Path out;

    @Mixin
    SteerOptions steerOptions;

    @Mixin
    LlamaRunOptions run;

    @Override
    public Integer call() throws Exception {
        CaptureOptions options = options();
        Corpus c = readCorpus();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        err.printf(Locale.ROOT, "corpus %s: %d views x %d items%n", c.name(), c.views().size(), c.nItems());
        Steering steering = steerOptions.load().orElse(null);
        try (ModelOpener.Opened opened = ModelOpener.open(model, run.gpuLayers)) {
            if (steering != null) {
                // Before hashing the model: a vector that does not fit should not cost a pass over the file.
                steering.requireFits(opened.info());
            }
            err.printf(Locale.ROOT, "model %s: %s, %d layers, n_embd %d; hashing the file for the manifest%n",
                    model.getFileName(), opened.info().architecture(), opened.info().nLayer(), opened.info().nEmbd());
            CaptureJob.ModelIdentity identity = new CaptureJob.ModelIdentity(model.toAbsolutePath().normalize().toString(),
                    ModelDigest.sha256(model), opened.info().architecture());
            if (steering != null) {
                err.println("steering: " + steering.describe());
            }
            CaptureJob job = new CaptureJob(opened.model(), identity, options, steering);
            CaptureJob.Summary s;
            try (ConsoleProgress progress = new ConsoleProgress("capture", c.nItems() * (long) c.views().size(), err)) {
                s = job.run(CaptureInput.from(c), out, new CaptureJob.Listener() {
                    @Override
                    public void skipped(String view) {
                        err.println("already complete, skipped: " + view);
                    }

                    @Override
                    public void progress(long done, long total) {
                        progress.total(total);
                        progress.stepTo(done);
                    }
                });
            }
            if (s.truncated() > 0) {
                err.printf(Locale.ROOT, "warning: %d texts were longer than %d tokens and were cut (%s)%n", s.truncated(),
                        s.maxTextTokens(), s.maxTextTokens() < options.batchTokens()
                                ? "the model's training context" : "raise --batch-tokens");
            }
            stdout.printf(Locale.ROOT, "store %s: %d views captured, %d already complete%n", out, s.captured().size(),
                    s.skipped().size());
            if (s.sentences() > 0) {
                stdout.printf(Locale.ROOT, "%d texts, %d tokens in %.1f s: %.1f texts/s, %.0f tokens/s%n", s.sentences(),
                        s.tokens(), s.seconds(), s.sentences() / s.seconds(), s.tokens() / s.seconds());
            }
            stdout.flush();
        }
        return Cli.OK;
    }

    private CaptureOptions options() {
        run.validate();
        if (limit < 0) {
            throw new BadInputException("--limit must be 0 (all) or more, got " + limit);
        }
        return new CaptureOptions(Choices.parse(Pooling.class, "--pooling", pooling), layers, run.batch, run.batchTokens,
                run.threadCount(), Choices.parse(Dtype.class, "--dtype", dtype), run.kvType());
    }

    private Corpus readCorpus() {
        ReadOptions ro = new ReadOptions(langs == null ? List.of() : langs, limit, pivot, split);
        Corpus c;
        if (corpus.equals("builtin")) {
            c = BuiltinCorpus.load(ro);
        } else {
            Path p = Path.of(corpus);
            CorpusFormat f = format != null ? CorpusFormat.parse(format)
                    : java.nio.file.Files.isDirectory(p) ? CorpusFormat.FLORES : CorpusFormat.JSONL;
            c = Corpora.read(p, f, ro);
        }
        if (!c.isLineAligned()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (View v : c.views()) {
                counts.put(v.name(), v.size());
            }
            throw new BadInputException("a store holds views of one item count, and these differ: " + counts
                    + "; choose languages with --langs or cap them with --limit");
        }
        return c;
    }
}
