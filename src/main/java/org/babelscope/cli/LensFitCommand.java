package org.babelscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.babelscope.BadInputException;
import org.babelscope.compute.Backends;
import org.babelscope.lens.Lens;
import org.babelscope.lens.LensFiles;
import org.babelscope.lens.LensFit;
import org.babelscope.metrics.LayerSelection;
import org.babelscope.report.TextTable;
import org.babelscope.store.EmbeddingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fit", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Fit the Lens split on a store of parallel texts (FLORES, say): per layer,",
                "the language means, the agnostic direction and the rank-r specific subspace",
                "(DESIGN.md's formulas, on the SVD kernels)."},
        footer = {"", "Example:",
                "  babelscope capture --model M.gguf --corpus ../shared/data/flores200-devtest \\",
                "      --format flores --langs eng_Latn,ita_Latn,swh_Latn --out runs/flores",
                "  babelscope lens fit --store runs/flores --pivot eng_Latn --out runs/lens",
                "", "Writes LENSDIR/lens.json (per layer: explained variance, each language's",
                "offset from the pivot along the agnostic direction and its distance in the",
                "specific subspace, the angles between the languages' specific directions) and",
                "means.npy [layers,K,d], agnostic.npy [layers,1,d], specific.npy [layers,r,d]."})
final class LensFitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "STORE", description = "Embedding store of parallel texts.")
    Path store;

    @Option(names = "--pivot", required = true, paramLabel = "VIEW", description = "The pivot language's view, e.g. eng_Latn.")
    String pivot;

    @Option(names = "--langs", split = ",", paramLabel = "VIEW",
            description = "Languages to fit on (default: every language view of the store).")
    List<String> langs;

    @Option(names = "--layers", defaultValue = "all", paramLabel = "all|a-b|a,b",
            description = "Model layers to fit (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--rank", defaultValue = "0", paramLabel = "R",
            description = "Rank of the language-specific subspace, 1..K-1 (default: K-1).")
    int rank;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", required = true, paramLabel = "LENSDIR", description = "Lens directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        requireReplaceable(out);
        Backends.Choice backend = backendOptions.select();
        spec.commandLine().getErr().println(backend.reason());
        Lens lens;
        try (EmbeddingStore s = EmbeddingStore.open(store)) {
            List<Integer> slots = LayerSelection.slots(layers, s.layers());
            try (ConsoleProgress progress = new ConsoleProgress("lens fit", slots.size())) {
                lens = new LensFit(backend.kernels()).fit(s, pivot, langs, slots, rank,
                        (done, total) -> progress.stepTo(done));
            }
        }
        LensFiles.write(out, lens);
        spec.commandLine().getOut().print(table(lens));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("wrote " + out);
        return Cli.OK;
    }

    /** An existing output must be an earlier lens: never replace a directory of something else. */
    static void requireReplaceable(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + " exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent() && !Files.isRegularFile(dir.resolve(LensFiles.SUMMARY))) {
                throw new BadInputException(dir + " exists and is not a lens directory; choose another --out");
            }
        }
    }

    /** Per layer: the share of the first specific direction, and per language its two distances. */
    @SuppressWarnings("unchecked")
    static String table(Lens lens) {
        List<String> header = new ArrayList<>(List.of("layer", "ev1"));
        for (String l : lens.languages()) {
            if (!l.equals(lens.pivot())) {
                header.add(l + " spec");
            }
        }
        TextTable t = new TextTable(header);
        List<Object> perLayer = (List<Object>) lens.summary().get("per_layer");
        for (Object o : perLayer) {
            Map<String, Object> layer = (Map<String, Object>) o;
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(layer.get("layer")));
            row.add(String.format(Locale.ROOT, "%.3f", ((double[]) layer.get("explained_variance"))[0]));
            Map<String, Object> per = (Map<String, Object>) layer.get("per_language");
            for (String l : lens.languages()) {
                if (!l.equals(lens.pivot())) {
                    Map<String, Object> r = (Map<String, Object>) per.get(l);
                    row.add(String.format(Locale.ROOT, "%.4g", (Double) r.get("specific_distance")));
                }
            }
            t.add(row);
        }
        return "Lens (pivot " + lens.pivot() + ", rank " + lens.rank() + "): ev1 = variance share of the first"
                + " specific direction; spec = ‖P_s(μ_lang − μ_pivot)‖\n" + t.render();
    }
}
