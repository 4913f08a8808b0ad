package org.babelscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.bench.KernelBench;
import org.babelscope.eval.ChoiceOutcome;
import org.babelscope.eval.ChoiceScorer;
import org.babelscope.eval.EvalJob;
import org.babelscope.eval.NaiveChoiceScorer;
import org.babelscope.eval.TokenizedItem;
import org.babelscope.eval.task.TaskName;
import org.babelscope.eval.task.TaskSet;
import org.babelscope.model.llama.ModelOpener;
import org.babelscope.model.llama.Session;
import org.babelscope.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Items/s of eval's multiple-choice scoring (contexts shared by their",
                "options, many items per decode) against a naive loop (one context + option",
                "per decode) on the same model, items and threads; checks that both give the",
                "same log-likelihoods."},
        footer = {"", "Example:", "  babelscope bench eval --model M.gguf --task xcopa \\",
                "      --data ../shared/data/xcopa --langs it,eng-it --limit 64"})
final class BenchEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "The GGUF model.")
    Path model;

    @Mixin
    TaskOptions taskOptions;

    @Option(names = "--limit", defaultValue = "32", paramLabel = "N", description = "Items per language (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--repetitions", defaultValue = "3", paramLabel = "R", description = "Timed passes of each contender (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Mixin
    LlamaRunOptions run;

    @Override
    public Integer call() throws Exception {
        run.validate();
        if (limit < 1 || repetitions < 1) {
            throw new BadInputException("--limit and --repetitions must be at least 1");
        }
        TaskName name = taskOptions.name();
        if (name.isGeneration()) {
            throw new BadInputException("bench eval measures multiple-choice scoring; " + name.cliName() + " is generated");
        }
        TaskSet set = taskOptions.load();
        PrintWriter err = spec.commandLine().getErr();
        try (ModelOpener.Opened opened = ModelOpener.open(model, run.gpuLayers);
                Session session = new Session(opened.model(), run.batchTokens, run.batch, run.threadCount(), run.kvType())) {
            List<TokenizedItem> items = EvalJob.tokenize(set, limit, opened.model(), run.batchTokens, (lang, item) -> false);
            int requests = items.stream().mapToInt(i -> i.continuations().size()).sum();
            long tokensShared = items.stream().mapToLong(TokenizedItem::tokens).sum();
            long tokensNaive = items.stream().mapToLong(i -> (long) i.context().length * i.continuations().size()
                    + i.tokens() - i.context().length).sum();
            err.printf(Locale.ROOT, "model %s: %d layers, n_embd %d; %d items, %d requests, %d threads%n", model,
                    opened.info().nLayer(), opened.info().nEmbd(), items.size(), requests, run.threadCount());
            double[] shared = new double[repetitions];
            double[] naive = new double[repetitions];
            List<ChoiceOutcome> sharedOut = new ArrayList<>();
            List<ChoiceOutcome> naiveOut = new ArrayList<>();
            ChoiceScorer scorer = new ChoiceScorer(session);
            NaiveChoiceScorer baseline = new NaiveChoiceScorer(session);
            for (int r = 0; r < repetitions; r++) { // interleaved, so drift hits both alike
                sharedOut.clear();
                naiveOut.clear();
                long t0 = System.nanoTime();
                scorer.score(items, sharedOut::addAll);
                long t1 = System.nanoTime();
                baseline.score(items, naiveOut::addAll);
                long t2 = System.nanoTime();
                shared[r] = (t1 - t0) / 1e9;
                naive[r] = (t2 - t1) / 1e9;
                err.printf(Locale.ROOT, "repetition %d: shared %.2f s, naive %.2f s%n", r + 1, shared[r], naive[r]);
            }
            double maxDiff = 0;
            double maxRel = 0;
            int agree = 0;
            for (int i = 0; i < items.size(); i++) {
                ChoiceOutcome a = sharedOut.get(i);
                ChoiceOutcome b = naiveOut.get(i);
                for (int k = 0; k < a.loglik().length; k++) {
                    double d = Math.abs(a.loglik()[k] - b.loglik()[k]);
                    maxDiff = Math.max(maxDiff, d);
                    maxRel = Math.max(maxRel, d / Math.max(1, Math.abs(b.loglik()[k])));
                }
                agree += a.prediction() == b.prediction() ? 1 : 0;
            }
            double ms = KernelBench.median(shared);
            double mn = KernelBench.median(naive);
            TextTable table = new TextTable(List.of("contender", "median s", "items/s", "requests/s", "tokens decoded"));
            table.add(List.of("eval (shared contexts, batched)", fmt(ms), fmt(items.size() / ms), fmt(requests / ms),
                    String.valueOf(tokensShared)));
            table.add(List.of("naive loop (one request per decode)", fmt(mn), fmt(items.size() / mn), fmt(requests / mn),
                    String.valueOf(tokensNaive)));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s: %d items, %d requests; medians of %d repetitions%n", name.cliName(), items.size(),
                    requests, repetitions);
            out.print(table.render());
            out.printf(Locale.ROOT, "speed-up: %.2fx items/s; loglik difference max %.2e (relative %.1e; quantized weights"
                    + " round differently in batched and single decodes); same prediction on %d of %d items%n",
                    mn / ms, maxDiff, maxRel, agree, items.size());
            out.flush();
        }
        return Cli.OK;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
