package org.babelscope.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Does alignment predict accuracy across languages? For one metric: each language's per-layer
 * series pooled by mean and by max over layers, paired with the language's accuracy, and Pearson
 * and Spearman over the languages present in both inputs.
 */
public final class LanguageLevel {
    public static final List<String> POOLINGS = List.of("mean", "max");

    private LanguageLevel() {
    }

    /** A language present in both inputs. {@code options}: option views averaged into it (0: none). */
    public record Row(String alignmentKey, String accuracyKey, String language, String via, int options,
            double[] perLayer, double mean, double max, double accuracy, int n) {
        public double pooled(String pooling) {
            return pooling.equals("max") ? max : mean;
        }
    }

    public record Pooled(String pooling, Correlations.Result pearson, Correlations.Result spearman) {
    }

    /**
     * @param series   every language of the metric (option views averaged, pivots out), for plots
     * @param excluded keys left out before or by matching, with the reason
     */
    public record MetricResult(String metric, List<Row> rows, Map<String, double[]> series,
            List<LanguageKeys.LeftOut> excluded, List<LanguageKeys.Match> matches, Map<String, Pooled> pooled,
            List<String> averagedOptions) {
    }

    public static MetricResult analyse(String metric, Map<String, double[]> perKey, Accuracy accuracy,
            Pivot pivot, LanguageKeys keys) {
        List<LanguageKeys.LeftOut> excluded = new ArrayList<>();
        Map<String, List<double[]>> grouped = new LinkedHashMap<>();
        Map<String, Integer> optionCount = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : perKey.entrySet()) {
            Optional<String> why = pivot.reason(e.getKey());
            if (why.isPresent()) {
                excluded.add(new LanguageKeys.LeftOut("alignment", e.getKey(), why.get()));
                continue;
            }
            String base = LanguageKeys.optionBase(e.getKey());
            grouped.computeIfAbsent(base, k -> new ArrayList<>()).add(e.getValue());
            if (LanguageKeys.isOptionView(e.getKey())) {
                optionCount.merge(base, 1, Integer::sum);
            }
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        List<String> averaged = new ArrayList<>();
        grouped.forEach((base, list) -> {
            series.put(base, average(list));
            if (list.size() > 1 || optionCount.containsKey(base)) {
                averaged.add(base + " (" + list.size() + " option views)");
            }
        });
        List<String> accuracyKeys = accuracyLanguages(accuracy, pivot, excluded);
        LanguageKeys.Matching matching = keys.match(series.keySet(), "alignment", accuracyKeys, "accuracy");
        excluded.addAll(matching.leftOut());
        List<Row> rows = new ArrayList<>();
        for (LanguageKeys.Match m : matching.matched()) {
            double[] s = series.get(m.left());
            Accuracy.Language acc = accuracy.languages().get(m.right());
            rows.add(new Row(m.left(), m.right(), m.language(), m.via(), grouped.get(m.left()).size() > 1
                    || optionCount.containsKey(m.left()) ? grouped.get(m.left()).size() : 0,
                    s, mean(s), max(s), acc.accuracy(), acc.n()));
        }
        Map<String, Pooled> pooled = new LinkedHashMap<>();
        for (String pooling : POOLINGS) {
            List<double[]> pairs = new ArrayList<>();
            for (Row r : rows) {
                if (Double.isFinite(r.pooled(pooling)) && Double.isFinite(r.accuracy())) {
                    pairs.add(new double[] {r.pooled(pooling), r.accuracy()});
                }
            }
            double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
            pooled.put(pooling, new Pooled(pooling, Correlations.pearson(x, y), Correlations.spearman(x, y)));
        }
        for (Row r : rows) {
            if (!Double.isFinite(r.mean()) || !Double.isFinite(r.accuracy())) {
                excluded.add(new LanguageKeys.LeftOut("alignment", r.alignmentKey(),
                        "matched, but its " + (Double.isFinite(r.accuracy()) ? "series has missing (null/NaN) values" : "accuracy is undefined")
                                + ": not in the correlation"));
            }
        }
        return new MetricResult(metric, List.copyOf(rows), series, List.copyOf(excluded), matching.matched(), pooled,
                List.copyOf(averaged));
    }

    /** The accuracy file's languages that can be correlated: pivots and languages without gold out. */
    static List<String> accuracyLanguages(Accuracy accuracy, Pivot pivot, Collection<LanguageKeys.LeftOut> excluded) {
        List<String> out = new ArrayList<>();
        for (Accuracy.Language l : accuracy.languages().values()) {
            Optional<String> why = pivot.reason(l.key());
            if (why.isPresent()) {
                excluded.add(new LanguageKeys.LeftOut("accuracy", l.key(), why.get()));
            } else if (l.n() == 0) {
                excluded.add(new LanguageKeys.LeftOut("accuracy", l.key(), "no line with a true/false " + accuracy.field() + " (no gold)"));
            } else {
                out.add(l.key());
            }
        }
        return out;
    }

    static double[] average(List<double[]> list) {
        double[] out = new double[list.get(0).length];
        for (double[] s : list) {
            for (int i = 0; i < out.length; i++) {
                out[i] += s[i] / list.size();
            }
        }
        return out;
    }

    /** Mean over layers; NaN if a layer is missing. */
    public static double mean(double[] s) {
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return sum / s.length;
    }

    /** Max over layers; NaN if a layer is missing. */
    public static double max(double[] s) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        return m;
    }
}
