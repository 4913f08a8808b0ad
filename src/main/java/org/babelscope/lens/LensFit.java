package org.babelscope.lens;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.metrics.PivotViews;
import org.babelscope.store.EmbeddingStore;

/**
 * Fits a {@link Lens} on an embedding store of parallel texts (FLORES, for example): per chosen
 * layer, each language's mean over all items, then the {@link LanguageSubspaces} split.
 */
public final class LensFit {
    /** Called after each layer: layers done out of all. */
    public interface Listener {
        void progress(long done, long total);
    }

    private final Kernels kernels;

    public LensFit(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * @param languages views to use, the pivot among them (null: {@link PivotViews#plainLanguages})
     * @param slots     store layer slots
     * @param rank      r, or 0 for K − 1
     */
    public Lens fit(EmbeddingStore store, String pivot, List<String> languages, List<Integer> slots, int rank,
            Listener listener) throws IOException {
        List<String> langs = new ArrayList<>(languages != null ? languages : PivotViews.plainLanguages(store));
        for (String l : langs) {
            if (!store.hasView(l)) {
                throw new BadInputException("the store " + store.dir() + " has no view '" + l + "'; it has "
                        + String.join(", ", store.viewNames()));
            }
        }
        if (!store.hasView(pivot)) {
            throw new BadInputException("the store " + store.dir() + " has no pivot view '" + pivot + "'; it has "
                    + String.join(", ", store.viewNames()));
        }
        if (!langs.contains(pivot)) {
            langs.add(0, pivot);
        }
        int k = langs.size();
        if (k < 2) {
            throw new BadInputException("a lens needs the pivot and at least one other language; got only " + langs);
        }
        int r = rank == 0 ? k - 1 : rank;
        if (r < 1 || r > k - 1) {
            throw new BadInputException("--rank " + rank + " is out of range: with " + k + " languages the"
                    + " specific subspace has rank 1 to " + (k - 1) + " (the centred means span at most K − 1"
                    + " directions)");
        }
        LanguageSubspaces split = new LanguageSubspaces(kernels);
        List<Integer> layers = new ArrayList<>();
        List<double[][]> means = new ArrayList<>();
        List<LayerLens> parts = new ArrayList<>();
        for (int slot : slots) {
            double[][] m = new double[k][];
            for (int j = 0; j < k; j++) {
                FloatMatrix x = store.view(langs.get(j)).layer(slot);
                m[j] = LanguageSubspaces.widen(kernels.meanCov(x, false).mean());
            }
            layers.add(store.layers().get(slot));
            means.add(m);
            parts.add(split.fit(m, r));
            listener.progress(layers.size(), slots.size());
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("store", store.dir().toAbsolutePath().normalize().toString());
        source.put("items", store.items());
        store.manifest().model().ifPresent(model -> {
            source.put("model", model.path());
            source.put("model_sha256", model.sha256());
            source.put("architecture", model.architecture());
            source.put("n_layer", model.nLayer());
        });
        store.manifest().pooling().ifPresent(p -> source.put("pooling", p));
        return new Lens(pivot, langs, layers, r, means, parts, source);
    }
}
