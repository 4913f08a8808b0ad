package org.babelscope.lift;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.metrics.Metric;
import org.babelscope.metrics.PairScorer;
import org.babelscope.store.EmbeddingStore;

/**
 * Alignment with the pivot on the held-out items, before and after each language's map: for every
 * language and layer of a lift, cosine, MEXA and P@1 (pivot to language) of the held-out rows as
 * captured and as mapped.
 */
public final class LiftEvaluation {
    public static final Set<Metric> METRICS = EnumSet.of(Metric.COS, Metric.MEXA, Metric.RETRIEVAL);

    /** values[metric][layer position]. */
    public record LanguageResult(Map<Metric, double[]> before, Map<Metric, double[]> after) {
        /** The layer position where MEXA gains most (the first of ties). */
        public int bestGainSlot() {
            double[] b = before.get(Metric.MEXA);
            double[] a = after.get(Metric.MEXA);
            int best = 0;
            for (int s = 1; s < b.length; s++) {
                if (a[s] - b[s] > a[best] - b[best]) {
                    best = s;
                }
            }
            return best;
        }
    }

    private final Kernels kernels;

    public LiftEvaluation(Kernels kernels) {
        this.kernels = kernels;
    }

    /** Results per language, in the lift's order. The store must be the one the lift was fitted on. */
    public Map<String, LanguageResult> run(Path liftDir, LiftFiles.Summary lift, EmbeddingStore store,
            LiftFit.Listener listener) throws IOException {
        requireMatches(lift, store);
        PairScorer scorer = new PairScorer(kernels, METRICS, 4);
        int[] test = lift.split().test();
        Map<String, LanguageResult> out = new LinkedHashMap<>();
        long done = 0;
        long total = (long) lift.languages().size() * lift.layers().size();
        // The pivot's held-out rows, normalised once per layer (the scorer takes unit rows: its dot
        // products are then cosines), not once per language.
        List<FloatMatrix> pivots = new ArrayList<>();
        for (int layer : lift.layers()) {
            FloatMatrix pivot = LiftFit.rows(store.view(lift.pivot()).layer(store.slotOf(layer)), test);
            kernels.normalizeRows(pivot);
            pivots.add(pivot);
        }
        for (String lang : lift.languages()) {
            Map<Metric, double[]> before = new LinkedHashMap<>();
            Map<Metric, double[]> after = new LinkedHashMap<>();
            for (Metric m : METRICS) {
                before.put(m, new double[lift.layers().size()]);
                after.put(m, new double[lift.layers().size()]);
            }
            for (int s = 0; s < lift.layers().size(); s++) {
                FloatMatrix x = LiftFit.rows(store.view(lang).layer(store.slotOf(lift.layers().get(s))), test);
                FloatMatrix mapped = kernels.multiply(x, false, LiftFiles.map(liftDir, lift, lang, s), false);
                kernels.normalizeRows(x);
                kernels.normalizeRows(mapped);
                Map<Metric, Double> b = scorer.score(pivots.get(s), x);
                Map<Metric, Double> a = scorer.score(pivots.get(s), mapped);
                for (Metric m : METRICS) {
                    before.get(m)[s] = b.get(m);
                    after.get(m)[s] = a.get(m);
                }
                listener.progress(++done, total);
            }
            out.put(lang, new LanguageResult(before, after));
        }
        return out;
    }

    /** The store must hold the lift's pivot, languages and layers, with its item count and width. */
    static void requireMatches(LiftFiles.Summary lift, EmbeddingStore store) {
        List<String> missing = new ArrayList<>();
        for (String v : concat(lift.pivot(), lift.languages())) {
            if (!store.hasView(v)) {
                missing.add(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("the store " + store.dir() + " lacks the lift's views " + missing);
        }
        for (int layer : lift.layers()) {
            if (!store.layers().contains(layer)) {
                throw new BadInputException("the store " + store.dir() + " has no layer " + layer + "; the lift maps "
                        + lift.layers());
            }
        }
        if (store.dim() != lift.dim()) {
            throw new BadInputException("the lift's maps are " + lift.dim() + " x " + lift.dim() + ", the store's"
                    + " embeddings have width " + store.dim());
        }
        Object fitted = lift.source().get("model_sha256");
        String captured = store.manifest().model().map(m -> m.sha256()).orElse(null);
        if (fitted != null && captured != null && !fitted.equals(captured)) {
            throw new BadInputException("the lift was fitted on states of another model (sha256 " + fitted + "); the"
                    + " store's model is " + captured);
        }
        if (store.items() != lift.items()) {
            throw new BadInputException("the lift was fitted on " + lift.items() + " parallel items, the store holds "
                    + store.items() + ": its held-out split would not be the same items");
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
