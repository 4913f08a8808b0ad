package org.babelscope.lift;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.metrics.PivotViews;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.StoreView;

/**
 * Fits LinguaLIFT's alignment maps on a store of parallel texts: for every language and layer,
 * the map from the language's embeddings to the pivot's, on the fitting part of a
 * {@link HoldoutSplit} only. Each d x d map is written as soon as it is fitted, so one map is in
 * memory at a time (besides the pivot's fitting rows of every layer, read once), and an
 * interrupted fit resumes at the first language it had not finished.
 */
public final class LiftFit {
    /** Called after each language and layer: fits done out of all. */
    public interface Listener {
        void progress(long done, long total);
    }

    private final Kernels kernels;
    private List<String> resumed = List.of();

    public LiftFit(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * @param languages views to map (null: every language view but the pivot)
     * @param slots     store layer slots
     */
    public LiftFiles.Summary fit(EmbeddingStore store, String pivot, List<String> languages, List<Integer> slots,
            MapMethod method, double lambda, double holdout, long seed, Path out, Listener listener)
            throws IOException {
        if (!store.hasView(pivot)) {
            throw new BadInputException("the store " + store.dir() + " has no pivot view '" + pivot + "'; it has "
                    + String.join(", ", store.viewNames()));
        }
        List<String> langs = new ArrayList<>();
        for (String l : languages != null ? languages : PivotViews.plainLanguages(store)) {
            if (!l.equals(pivot)) {
                langs.add(l);
            }
        }
        if (langs.isEmpty()) {
            throw new BadInputException("no language to map onto the pivot " + pivot + " in " + store.dir());
        }
        StoreView pivotView = store.view(pivot);
        for (String l : langs) {
            if (!store.hasView(l)) {
                throw new BadInputException("the store " + store.dir() + " has no view '" + l + "'");
            }
            StoreView v = store.view(l);
            if (v.items() != pivotView.items() || v.dim() != pivotView.dim()) {
                throw new BadInputException("view '" + l + "' holds " + v.items() + " items of width " + v.dim()
                        + ", the pivot " + pivotView.items() + " of width " + pivotView.dim()
                        + "; a map needs the same parallel items on both sides");
            }
        }
        HoldoutSplit split = HoldoutSplit.of(pivotView.items(), holdout, seed);
        MapFitter fitter = new MapFitter(kernels);
        int d = pivotView.dim();
        List<Integer> layers = new ArrayList<>();
        for (int slot : slots) {
            layers.add(store.layers().get(slot));
        }
        Map<String, double[]> seconds = new LinkedHashMap<>();
        long done = 0;
        long total = (long) langs.size() * slots.size();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("store", store.dir().toAbsolutePath().normalize().toString());
        store.manifest().model().ifPresent(m -> source.put("model_sha256", m.sha256()));
        Map<String, Object> parameters = new LinkedHashMap<>(source);
        parameters.put("pivot", pivot);
        parameters.put("languages", langs);
        parameters.put("layers", layers);
        parameters.put("dim", d);
        parameters.put("items", pivotView.items());
        parameters.put("method", method.cliName());
        parameters.put("lambda", lambda);
        parameters.put("holdout", holdout);
        parameters.put("seed", seed);
        // The pivot's fitting rows are the same for every language: read once per layer, on first use
        // (a resumed run that has every language already reads none).
        FloatMatrix[] pivotRows = new FloatMatrix[slots.size()];
        LiftFiles.Writer writer = LiftFiles.create(out, layers.size(), d, parameters);
        List<String> fromEarlierRun = new ArrayList<>();
        for (String lang : langs) {
            double[] earlier = writer.finished(lang);
            if (earlier != null) { // fitted by an interrupted run with the same parameters
                fromEarlierRun.add(lang);
                seconds.put(lang, earlier);
                done += slots.size();
                listener.progress(done, total);
                continue;
            }
            double[] times = new double[slots.size()];
            long before = done;
            writer.writeMaps(lang, s -> {
                FloatMatrix x = rows(store.view(lang).layer(slots.get(s)), split.train());
                if (pivotRows[s] == null) {
                    pivotRows[s] = rows(pivotView.layer(slots.get(s)), split.train());
                }
                long start = System.nanoTime();
                FloatMatrix map = fitter.fit(method, x, pivotRows[s], lambda);
                times[s] = (System.nanoTime() - start) / 1e9;
                listener.progress(before + s + 1, total);
                return map;
            }, times);
            done += slots.size();
            seconds.put(lang, times);
        }
        resumed = List.copyOf(fromEarlierRun);
        LiftFiles.Summary summary = new LiftFiles.Summary(pivot, langs, layers, d, method, lambda, holdout, seed,
                pivotView.items(), split, seconds, source);
        writer.finish(summary);
        return summary;
    }

    /** Languages the last {@link #fit} took from an interrupted run instead of fitting them. */
    public List<String> resumed() {
        return resumed;
    }

    /** The given rows of x, in that order. */
    static FloatMatrix rows(FloatMatrix x, int[] indices) {
        FloatMatrix out = FloatMatrix.allocate(indices.length, x.cols());
        for (int i = 0; i < indices.length; i++) {
            out.setRow(i, x.row(indices[i]));
        }
        return out;
    }
}
