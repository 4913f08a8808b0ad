package org.babelscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.babelscope.compute.Backends;
import org.babelscope.lens.Lens;
import org.babelscope.lens.LensFiles;
import org.babelscope.lens.LensFit;
import org.babelscope.metrics.LayerSelection;
import org.babelscope.report.ResultFiles;
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

    @Mixin
    ParallelStoreOptions input;

    @Option(names = "--rank", defaultValue = "0", paramLabel = "R",
            description = "Rank of the language-specific subspace, 1..K-1 (default: K-1).")
    int rank;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", required = true, paramLabel = "LENSDIR", description = "Lens directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ResultFiles.requireReplaceable(out, LensFiles.SUMMARY, "a lens directory");
        try (Backends.Choice backend = backendOptions.select()) {
            spec.commandLine().getErr().println(backend.reason());
            Lens lens;
            try (EmbeddingStore s = EmbeddingStore.open(input.store)) {
                List<Integer> slots = LayerSelection.slots(input.layers, s.layers());
                try (ConsoleProgress progress = new ConsoleProgress("lens fit", slots.size(), spec.commandLine().getErr())) {
                    lens = new LensFit(backend.kernels()).fit(s, input.pivot, input.langs, slots, rank,
                            (done, total) -> progress.stepTo(done));
                }
            }
            LensFiles.write(out, lens);
            spec.commandLine().getOut().print(table(lens));
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("wrote " + out);
            return Cli.OK;
        }
    }

    /** Per layer: the share of the first specific direction, and per language its distance from the pivot. */
    static String table(Lens lens) {
        List<String> header = new ArrayList<>(List.of("layer", "ev1"));
        List<String> others = new ArrayList<>(lens.languages());
        others.remove(lens.pivot());
        others.forEach(l -> header.add(l + " spec"));
        TextTable t = new TextTable(header);
        for (int slot = 0; slot < lens.layers().size(); slot++) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(lens.layers().get(slot)));
            row.add(String.format(Locale.ROOT, "%.3f", lens.parts().get(slot).explainedVariance()[0]));
            for (String l : others) {
                row.add(String.format(Locale.ROOT, "%.4g", lens.specificDistance(slot, l)));
            }
            t.add(row);
        }
        return "Lens (pivot " + lens.pivot() + ", rank " + lens.rank() + "): ev1 = variance share of the first"
                + " specific direction; spec = ‖P_s(μ_lang − μ_pivot)‖\n" + t.render();
    }
}
