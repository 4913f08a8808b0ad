package org.babelscope.metrics;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.NonFiniteInputException;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.StoreView;

/**
 * Scores every language view of a store against the pivot view, layer by layer. Each layer of
 * the pivot is read and normalised once and reused for every language; two N x d buffers are
 * all the memory it needs beyond the kernels' tiles.
 */
public final class StoreAlignment {
    /** Called after each (layer, language) step with the number done and the total. */
    public interface Progress {
        void step(int done, int total);
    }

    private final Kernels kernels;

    public StoreAlignment(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * Scores each language view against its pivot view, layer by layer. {@code pivot} is the pivot
     * view or language: a view is compared with its own pivot-language partner where the store has
     * one ({@code eng-fra} for {@code fra}, {@code eng_Latn.opt2} for {@code fra_Latn.opt2}; see
     * {@link PivotViews}), else with the view {@code pivot}.
     */
    public AlignmentResults run(EmbeddingStore store, String pivot, List<String> languages, List<Integer> slots,
            Set<Metric> metrics, int marginK, Progress progress) throws IOException {
        for (String lang : languages) {
            if (!store.hasView(lang)) {
                throw new BadInputException("language '" + lang + "' is not a view of " + store.dir()
                        + "; views: " + String.join(", ", store.viewNames()));
            }
        }
        if (languages.isEmpty()) {
            throw new BadInputException("no language to compare with the pivot '" + pivot + "': the store holds only "
                    + String.join(", ", store.viewNames()));
        }
        Map<String, List<String>> byPivot = PivotViews.group(store, pivot, languages);
        List<Integer> layerNumbers = slots.stream().map(s -> store.layers().get(s)).toList();
        AlignmentResults results = new AlignmentResults(pivot, layerNumbers, languages, metrics, store.items());
        PairScorer scorer = new PairScorer(kernels, metrics, marginK);
        FloatMatrix pivotRows = FloatMatrix.allocate(store.items(), store.dim());
        FloatMatrix langRows = FloatMatrix.allocate(store.items(), store.dim());
        int total = slots.size() * languages.size();
        int done = 0;
        for (int pos = 0; pos < slots.size(); pos++) {
            int slot = slots.get(pos);
            for (Map.Entry<String, List<String>> group : byPivot.entrySet()) {
                load(store.view(group.getKey()), slot, layerNumbers.get(pos), pivotRows);
                for (String lang : group.getValue()) {
                    load(store.view(lang), slot, layerNumbers.get(pos), langRows);
                    for (Map.Entry<Metric, Double> e : scorer.score(pivotRows, langRows).entrySet()) {
                        results.put(e.getKey(), lang, pos, e.getValue());
                    }
                    progress.step(++done, total);
                }
            }
        }
        return results;
    }

    private void load(StoreView view, int slot, int layer, FloatMatrix dst) throws IOException {
        loadNormalized(kernels, view, slot, layer, dst);
    }

    /** Reads one layer of a view into {@code dst} and L2-normalises its rows. */
    static void loadNormalized(Kernels kernels, StoreView view, int slot, int layer, FloatMatrix dst) throws IOException {
        view.layerInto(slot, dst);
        try {
            kernels.normalizeRows(dst);
        } catch (NonFiniteInputException e) {
            throw new BadInputException("view '" + view.name() + "', layer " + layer + ", item " + e.row()
                    + " holds NaN or Inf; re-capture it or drop the view");
        }
    }
}
