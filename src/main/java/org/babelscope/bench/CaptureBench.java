package org.babelscope.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.babelscope.model.capture.BatchPlan;
import org.babelscope.model.llama.JavaLlamaEmbedder;
import org.babelscope.model.llama.KvType;
import org.babelscope.model.llama.LoadedModel;
import org.babelscope.model.llama.Pooling;
import org.babelscope.model.llama.Session;

/**
 * Throughput of all-layer capture against, on the same model, texts and threads: java-llama.cpp's
 * {@code embed()} loop (last layer only, one text per call) and the shim decoding the same batches
 * with no capture. Contenders run interleaved, repetition by repetition, and ratios are medians of
 * per-repetition ratios, so drift in machine speed cancels out.
 */
public final class CaptureBench {
    /** One contender's median time for the whole text set. */
    public record Row(String contender, double medianSeconds, double sentencesPerSecond, double tokensPerSecond,
            double ratioToCapture) {
    }

    /** The three rows and the two ratios the capture is judged by. */
    public record Result(List<Row> rows, double captureOverEmbedRate, double captureOverheadVsPlain, int sentences,
            long tokens, int batches) {
    }

    private final LoadedModel model;
    private final JavaLlamaEmbedder embedder;
    private final int threads;
    private final int batchSequences;
    private final int batchTokens;
    private final KvType kvType;

    /** @param embedder java-llama.cpp's embed() contender, or null to leave it out */
    public CaptureBench(LoadedModel model, JavaLlamaEmbedder embedder, int threads, int batchSequences,
            int batchTokens, KvType kvType) {
        this.model = model;
        this.embedder = embedder;
        this.threads = threads;
        this.batchSequences = batchSequences;
        this.batchTokens = batchTokens;
        this.kvType = kvType;
    }

    public Result run(List<String> texts, int repetitions, Consumer<String> log) {
        int n = texts.size();
        int[][] tokens = new int[n][];
        int[] lengths = new int[n];
        long totalTokens = 0;
        for (int i = 0; i < n; i++) {
            tokens[i] = model.tokenize(texts.get(i), true);
            if (tokens[i].length > batchTokens) {
                throw new IllegalArgumentException("text " + i + " has " + tokens[i].length + " tokens, more than a batch");
            }
            lengths[i] = tokens[i].length;
            totalTokens += lengths[i];
        }
        List<BatchPlan.Batch> plan = BatchPlan.plan(lengths, batchSequences, batchTokens);
        List<List<int[]>> batches = new ArrayList<>();
        for (BatchPlan.Batch b : plan) {
            batches.add(Arrays.asList(tokens).subList(b.from(), b.to()));
        }
        int lastLayer = model.nLayer() - 1;
        double[] embedT = new double[repetitions];
        double[] plainT = new double[repetitions];
        double[] captureT = new double[repetitions];
        try (Session session = new Session(model, batchTokens, batchSequences, threads, kvType)) {
            Runnable embedAll = embedder == null ? () -> { } : () -> texts.forEach(embedder::embed);
            Runnable plainAll = () -> batches.forEach(session::decodePlain);
            Runnable captureAll = () -> batches.forEach(b -> session.capture(b, Pooling.LAST, 0, lastLayer));
            log.accept("warm-up");
            embedAll.run();
            plainAll.run();
            captureAll.run();
            for (int r = 0; r < repetitions; r++) {
                // The order rotates so that no contender always runs first after the others.
                Runnable[] order = {embedAll, plainAll, captureAll};
                double[][] into = {embedT, plainT, captureT};
                for (int k = 0; k < 3; k++) {
                    int c = (k + r) % 3;
                    long t0 = System.nanoTime();
                    order[c].run();
                    into[c][r] = (System.nanoTime() - t0) / 1e9;
                }
                log.accept(String.format(java.util.Locale.ROOT, "repetition %d/%d: embed %.2fs, plain %.2fs, capture %.2fs",
                        r + 1, repetitions, embedT[r], plainT[r], captureT[r]));
            }
        }
        double[] rateRatio = new double[repetitions];
        double[] overhead = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            rateRatio[r] = embedT[r] / captureT[r];
            overhead[r] = captureT[r] / plainT[r] - 1;
        }
        double cap = KernelBench.median(captureT);
        List<Row> rows = new ArrayList<>();
        if (embedder != null) {
            rows.add(row("java-llama.cpp embed() loop (last layer)", embedT, n, totalTokens, cap));
        }
        rows.add(row("shim decode, no capture", plainT, n, totalTokens, cap));
        rows.add(row("shim capture, all " + model.nLayer() + " layers", captureT, n, totalTokens, cap));
        return new Result(rows, embedder == null ? Double.NaN : KernelBench.median(rateRatio),
                KernelBench.median(overhead), n, totalTokens, batches.size());
    }

    private static Row row(String name, double[] times, int sentences, long tokens, double captureMedian) {
        double m = KernelBench.median(times);
        return new Row(name, m, sentences / m, tokens / m, m / captureMedian);
    }
}
