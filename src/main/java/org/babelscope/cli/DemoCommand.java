package org.babelscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.babelscope.compute.Backends;
import org.babelscope.demo.SyntheticCorpus;
import org.babelscope.metrics.AlignmentResults;
import org.babelscope.metrics.Metric;
import org.babelscope.metrics.StoreAlignment;
import org.babelscope.report.AlignmentReport;
import org.babelscope.store.Dtype;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run babelscope end to end on its embedded default: a small random-weight llama model it",
                "generates, and its built-in parallel corpus (40 sentences in 11 languages and 7 scripts),",
                "through capture (llama.cpp, every layer), align and a report.",
                "--synthetic instead scores a generated store with planted alignment and shows that the",
                "metrics recover the plant."},
        footer = {"", "Example:", "  babelscope demo --out demo-out", "  babelscope demo --synthetic --out demo-synthetic"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR",
            description = "Folder for the store and results.json (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--synthetic", description = "Score a synthetic store with planted alignment instead of a model.")
    boolean synthetic;

    @Option(names = "--items", defaultValue = "600", paramLabel = "N", description = "--synthetic: parallel items (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--dim", defaultValue = "256", paramLabel = "D", description = "--synthetic: hidden size (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--layers", defaultValue = "8", paramLabel = "L", description = "--synthetic: layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        return synthetic ? synthetic() : new ModelDemo(spec, out, backendOptions.threads > 0 ? backendOptions.threads : null, backendOptions).run();
    }

    private int synthetic() throws Exception {
        if (items < 2 || dim < 1 || layers < 1) {
            throw new org.babelscope.BadInputException("--items must be >= 2, --dim and --layers >= 1");
        }
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        o.println("babelscope demo --synthetic: SYNTHETIC data. No model runs: this scores a generated embedding");
        o.println("store with planted alignment, to show that the metrics recover what was planted.");
        o.println();
        SyntheticCorpus corpus = new SyntheticCorpus(layers, items, dim, 20250409L);
        Path storeDir = out.resolve("store");
        List<Integer> layerNumbers = IntStream.range(0, layers).boxed().toList();
        StoreWriter writer = StoreWriter.create(storeDir, Manifest.create(layerNumbers).withPooling("last").withDtype(Dtype.F32)
                .withCorpus(new Manifest.CorpusInfo("synthetic-planted", null, items)));
        List<String> languages = new ArrayList<>();
        for (SyntheticCorpus.Language lang : SyntheticCorpus.DEMO_LANGUAGES) {
            if (!writer.hasView(lang.code())) { // a rerun reuses what an earlier run wrote
                writer.writeView(lang.code(), items, dim, slot -> corpus.layer(lang, layerNumbers.get(slot)));
            }
            languages.add(lang.code());
        }
        String pivot = languages.remove(0);
        o.printf("store: %s (%d languages x %d items x %d layers x d=%d)%n", storeDir, languages.size() + 1, items,
                layers, dim);
        o.printf("planted: languages in order of decreasing alignment %s; meaning peaks at layer %d%n%n",
                String.join(" > ", languages), corpus.peakLayer());

        Path resultsFile = out.resolve("results.json");
        AlignmentResults results = alignAndReport(backendOptions, o, err, storeDir, pivot, languages, resultsFile,
                "synthetic");
        o.println();
        o.println(verdict(results, languages, corpus.peakLayer()));
        o.printf("%nresults: %s%nnext: babelscope align --store %s --pivot %s --out my-results.json%n",
                resultsFile, storeDir, pivot);
        return Cli.OK;
    }

    /**
     * What both demos end with: every layer of {@code languages} aligned with the pivot (cos, MEXA,
     * retrieval), results.json written with {@code flag: true} among its inputs, the tables printed.
     */
    static AlignmentResults alignAndReport(BackendOptions backendOptions, PrintWriter o, PrintWriter err, Path storeDir,
            String pivot, List<String> languages, Path resultsFile, String flag) throws IOException {
        try (Backends.Choice backend = backendOptions.select()) {
            o.flush();
            err.println(backend.reason());
            try (EmbeddingStore store = EmbeddingStore.open(storeDir)) {
                AlignmentResults results = new StoreAlignment(backend.kernels()).run(store, pivot, languages,
                        IntStream.range(0, store.layers().size()).boxed().toList(), Metric.parse("cos,mexa,retrieval"), 4,
                        (done, total) -> { });
                Map<String, Object> inputs = new LinkedHashMap<>();
                inputs.put("store", storeDir.toAbsolutePath().toString());
                inputs.put(flag, true);
                backendOptions.record(inputs, backend);
                AlignmentReport.write(resultsFile, AlignmentReport.toJson(results, inputs));
                o.print(AlignmentReport.table(results));
                return results;
            }
        }
    }

    /** Says in words whether the metrics recovered the plant: the ranking and the peak layer. */
    static String verdict(AlignmentResults r, List<String> plantedOrder, int peakLayer) {
        List<String> byMexa = new ArrayList<>(r.languages());
        byMexa.sort((a, b) -> Double.compare(r.mean(Metric.MEXA, b), r.mean(Metric.MEXA, a)));
        boolean orderOk = byMexa.equals(plantedOrder);
        int peak = r.layers().get(r.argmax(Metric.COS, plantedOrder.get(0)));
        boolean peakOk = Math.abs(peak - peakLayer) <= 1;
        return String.format("recovered: language ranking by MEXA %s the plant (%s); cosine of %s peaks at layer %d "
                        + "(planted %d)%s",
                orderOk ? "matches" : "DIFFERS FROM", String.join(" > ", byMexa), plantedOrder.get(0), peak, peakLayer,
                orderOk && peakOk ? "" : "  <-- unexpected");
    }
}
