package org.babelscope.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.OptionBlocks;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.StoreView;

/**
 * The multiple-choice task metrics of a store of option views, layer by layer and language by
 * language (DESIGN.md):
 * <ul>
 *   <li>DALI and DALI_S: the share of items whose K x K option block passes ({@link DaliScores}),
 *       with every item's scores kept for the item-level analysis;</li>
 *   <li>MEXA_T: MEXA between the pivot's and the language's option-k view, averaged over k. The
 *       store holds no premise-only view; with the option fixed, items differ by their premise,
 *       so this is MEXA over the task's items as DESIGN.md asks ("MEXA over the task premises").</li>
 * </ul>
 * Memory: 2K matrices of items x d, reused for every layer and language.
 */
public final class TaskAlignment {
    public record Result(AlignmentResults languageLevel, ItemScores items) {
    }

    private final Kernels kernels;

    public TaskAlignment(Kernels kernels) {
        this.kernels = kernels;
    }

    /** Metrics among {@code metrics} that this class computes. */
    public static Set<Metric> taskMetrics(Set<Metric> metrics) {
        Set<Metric> out = EnumSet.noneOf(Metric.class);
        metrics.stream().filter(Metric::isTaskMetric).forEach(out::add);
        return out;
    }

    public Result run(EmbeddingStore store, String pivot, List<String> languages, List<Integer> slots, Set<Metric> metrics,
            StoreAlignment.Progress progress) throws IOException {
        List<OptionGroups.Group> groups = OptionGroups.of(store.viewNames(), pivot, languages);
        List<Integer> layerNumbers = slots.stream().map(s -> store.layers().get(s)).toList();
        List<String> names = groups.stream().map(OptionGroups.Group::language).toList();
        AlignmentResults results = new AlignmentResults(pivot, layerNumbers, names, metrics, store.items());
        boolean daliWanted = metrics.contains(Metric.DALI) || metrics.contains(Metric.DALI_S);
        boolean strict = metrics.contains(Metric.DALI_S);
        ItemScores items = daliWanted ? new ItemScores(layerNumbers, store.items(), strict) : null;
        if (items != null) {
            groups.forEach(g -> items.addLanguage(g.language(), g.pivotName()));
        }
        int k = groups.stream().mapToInt(OptionGroups.Group::options).max().orElseThrow();
        List<FloatMatrix> pivotRows = allocate(k, store);
        List<FloatMatrix> langRows = allocate(k, store);
        PairScorer mexa = new PairScorer(kernels, EnumSet.of(Metric.MEXA), 4);
        int total = slots.size() * groups.size();
        int done = 0;
        for (int pos = 0; pos < slots.size(); pos++) {
            int slot = slots.get(pos);
            int layer = layerNumbers.get(pos);
            List<String> loadedPivot = null;
            for (OptionGroups.Group g : groups) {
                int kg = g.options();
                if (!g.pivotViews().equals(loadedPivot)) {
                    for (int o = 0; o < kg; o++) {
                        load(store.view(g.pivotViews().get(o)), slot, layer, pivotRows.get(o));
                    }
                    loadedPivot = g.pivotViews();
                }
                for (int o = 0; o < kg; o++) {
                    load(store.view(g.views().get(o)), slot, layer, langRows.get(o));
                }
                List<FloatMatrix> piv = pivotRows.subList(0, kg);
                List<FloatMatrix> tgt = langRows.subList(0, kg);
                if (daliWanted) {
                    OptionBlocks blocks = kernels.optionBlocks(piv, tgt, strict);
                    DaliScores scores = DaliScores.of(blocks);
                    items.put(g.language(), pos, scores);
                    put(results, metrics, Metric.DALI, g.language(), pos, scores.daliRate());
                    if (strict) {
                        put(results, metrics, Metric.DALI_S, g.language(), pos, scores.strictRate());
                    }
                }
                if (metrics.contains(Metric.MEXA_T)) {
                    double sum = 0;
                    for (int o = 0; o < kg; o++) {
                        sum += mexa.score(piv.get(o), tgt.get(o)).get(Metric.MEXA);
                    }
                    results.put(Metric.MEXA_T, g.language(), pos, sum / kg);
                }
                progress.step(++done, total);
            }
        }
        return new Result(results, items);
    }

    private static void put(AlignmentResults r, Set<Metric> metrics, Metric m, String lang, int pos, double v) {
        if (metrics.contains(m)) {
            r.put(m, lang, pos, v);
        }
    }

    private static List<FloatMatrix> allocate(int k, EmbeddingStore store) {
        List<FloatMatrix> out = new ArrayList<>();
        for (int o = 0; o < k; o++) {
            out.add(FloatMatrix.allocate(store.items(), store.dim()));
        }
        return out;
    }

    private void load(StoreView view, int slot, int layer, FloatMatrix dst) throws IOException {
        StoreAlignment.loadNormalized(kernels, view, slot, layer, dst);
    }
}
