package org.babelscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.babelscope.corpus.BuiltinCorpus;
import org.babelscope.corpus.Corpus;
import org.babelscope.model.capture.CaptureInput;
import org.babelscope.model.capture.CaptureJob;
import org.babelscope.model.capture.CaptureOptions;
import org.babelscope.model.gguf.GgmlType;
import org.babelscope.model.gguf.TinyLlama;
import org.babelscope.model.llama.ModelOpener;
import org.babelscope.model.ModelDigest;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The default demo: a generated random-weight llama model and the built-in parallel corpus through
 * the whole pipeline. The numbers it prints mean nothing (the weights are random); what it shows
 * is that every stage runs, and how to run the same on a real model.
 */
final class ModelDemo {
    /** Small enough for a two-core machine in seconds, with GQA and a byte-level tokenizer. */
    static final TinyLlama.Spec MODEL = TinyLlama.Spec.builder().name("babelscope-demo-random").nLayer(6).nEmbd(128)
            .nHead(8).nHeadKv(2).nFf(256).contextLength(1024).weightType(GgmlType.F32).seed(20251122L).build();

    private final CommandSpec spec;
    private final Path out;
    private final Integer threads;
    private final BackendOptions backendOptions;

    ModelDemo(CommandSpec spec, Path out, Integer threads, BackendOptions backendOptions) {
        this.spec = spec;
        this.out = out;
        this.threads = threads;
        this.backendOptions = backendOptions;
    }

    int run() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        o.println("babelscope demo: a RANDOM-WEIGHT model, generated here, runs the built-in corpus through the whole");
        o.println("pipeline. Its alignment numbers are meaningless (no model learnt anything); the run shows that");
        o.println("capture, the store and align work. See the end for the same on a real model.");
        o.println();
        Path modelFile = out.resolve("model").resolve("demo-random-llama.gguf");
        if (!Files.exists(modelFile)) {
            Files.createDirectories(modelFile.getParent());
            TinyLlama.write(MODEL, modelFile);
        }
        Corpus corpus = BuiltinCorpus.load();
        CaptureInput input = CaptureInput.from(corpus);
        CaptureOptions defaults = CaptureOptions.defaults();
        CaptureOptions options = new CaptureOptions(defaults.pooling(), "all", defaults.batchSequences(),
                defaults.batchTokens(), threads != null ? threads : defaults.threads(), defaults.dtype(),
                defaults.kvType());
        Path storeDir = out.resolve("store");
        CaptureJob.Summary s;
        try (ModelOpener.Opened opened = ModelOpener.open(modelFile, 0);
             ConsoleProgress progress = new ConsoleProgress("capture", (long) corpus.nItems() * corpus.views().size(), err)) {
            o.printf(Locale.ROOT, "model:  %s (llama, %d layers, n_embd %d, %d heads / %d KV heads, random weights)%n",
                    modelFile, MODEL.nLayer(), MODEL.nEmbd(), MODEL.nHead(), MODEL.nHeadKv());
            o.printf(Locale.ROOT, "corpus: %s, %d languages x %d sentences%n", corpus.name(), corpus.views().size(), corpus.nItems());
            o.flush();
            CaptureJob job = new CaptureJob(opened.model(), new CaptureJob.ModelIdentity(
                    modelFile.toAbsolutePath().normalize().toString(), ModelDigest.sha256(modelFile), "llama"), options, null);
            s = job.run(input, storeDir, new CaptureJob.Listener() {
                @Override
                public void progress(long done, long total) {
                    progress.total(total);
                    progress.stepTo(done);
                }
            });
        }
        o.printf(Locale.ROOT, "capture: %s, %d views captured (%d already there)", storeDir, s.captured().size(),
                s.skipped().size());
        if (s.sentences() > 0) {
            o.printf(Locale.ROOT, ", %d texts / %d tokens in %.1f s", s.sentences(), s.tokens(), s.seconds());
        }
        o.println();
        o.println();

        String pivot = corpus.pivot();
        List<String> languages = corpus.viewNames().stream().filter(v -> !v.equals(pivot)).toList();
        Path resultsFile = out.resolve("results.json");
        DemoCommand.alignAndReport(backendOptions, o, err, storeDir, pivot, languages, resultsFile, "random_weight_model");
        o.println();
        o.printf("results: %s%n%n", resultsFile);
        o.println("These numbers come from random weights: read them as a smoke test, not as findings.");
        o.println("On a real model (see models/README.md for which GGUF files to fetch):");
        o.println("  babelscope capture --model models/<model>.gguf --corpus builtin --out runs/mini");
        o.println("  babelscope capture --model models/<model>.gguf --corpus ../shared/data/flores200-devtest \\");
        o.println("      --format flores --langs eng_Latn,fra_Latn,swh_Latn,yor_Latn --limit 300 --out runs/flores");
        o.println("  babelscope align --store runs/flores --pivot eng_Latn --out runs/flores/results.json");
        return Cli.OK;
    }
}
