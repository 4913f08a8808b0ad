package org.babelscope.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Does an item's alignment predict whether the model answers it right? Per language L, items are
 * joined on their index with L's predictions and its pivot's predictions. CC = items right in the
 * pivot and in L, CW = right in the pivot, wrong in L. At l*, the layer with the highest mean DALI
 * over all languages' items: Δ = mean score(CC) − mean score(CW) with the one-sided two-proportion
 * z-test (binary scores only: DALI, DALI_S), per language and pooled; and the AUROC of each score
 * for correctness in L over all of L's items with gold.
 */
public final class ItemLevel {
    /** The metric whose mean picks l*; the first metric of the file when it lacks this one. */
    public static final String LAYER_METRIC = "dali";

    private ItemLevel() {
    }

    /** Δ of one score between CC and CW; {@code test} null for a continuous score. */
    public record Delta(int nCc, int nCw, double meanCc, double meanCw, double delta, ProportionTest.Result test) {
    }

    public record Group(int items, int joined, int cc, int cw, Map<String, Delta> delta, Map<String, Auroc.Result> auroc) {
    }

    /**
     * @param items     the language's item-score lines; {@code joined}: of those, items with gold in L
     *                  and in the pivot
     * @param lStarIndex position (in layers) of this language's own best mean-DALI layer
     */
    public record LanguageResult(String key, String predictionsKey, String pivotKey, String language, String via,
            int lStarIndex, Group group) {
    }

    public record Result(String layerMetric, int lStarIndex, double[] meanPerLayer, List<String> metrics,
            Set<String> binary, List<LanguageResult> languages, Group pooled, List<LanguageKeys.LeftOut> excluded) {
    }

    public static Result analyse(ItemScores scores, Accuracy predictions, Pivot pivot, LanguageKeys keys) {
        List<LanguageKeys.LeftOut> excluded = new ArrayList<>();
        List<String> scoreKeys = new ArrayList<>();
        for (String k : scores.languages().keySet()) {
            Optional<String> why = pivot.reason(k);
            if (why.isPresent()) {
                excluded.add(new LanguageKeys.LeftOut("item scores", k, why.get()));
            } else {
                scoreKeys.add(k);
            }
        }
        List<String> predictionKeys = LanguageLevel.accuracyLanguages(predictions, pivot, new ArrayList<>());
        LanguageKeys.Matching matching = keys.match(scoreKeys, "item scores", predictionKeys, "predictions");
        for (LanguageKeys.LeftOut l : matching.leftOut()) {
            if (l.source().equals("item scores")) {
                excluded.add(l);
            }
        }
        Optional<String> globalPivot = globalPivot(predictions, pivot.key());
        List<LanguageKeys.Match> usable = new ArrayList<>();
        Map<String, String> pivotOf = new LinkedHashMap<>();
        for (LanguageKeys.Match m : matching.matched()) {
            Optional<String> p = pivotFor(scores.languages().get(m.left()), m.right(), predictions, globalPivot);
            if (p.isEmpty()) {
                excluded.add(new LanguageKeys.LeftOut("item scores", m.left(), "no pivot predictions (looked for "
                        + candidates(scores.languages().get(m.left()), m.right()) + (pivot.key() != null ? ", " + pivot.key() : "") + ")"));
            } else {
                usable.add(m);
                pivotOf.put(m.left(), p.get());
            }
        }
        List<String> metrics = scores.metrics();
        String layerMetric = metrics.contains(LAYER_METRIC) ? LAYER_METRIC : metrics.get(0);
        Set<String> binary = new LinkedHashSet<>(metrics);
        double[] sum = new double[scores.length()];
        int[] count = new int[scores.length()];
        for (LanguageKeys.Match m : usable) {
            for (Map<String, double[]> item : scores.languages().get(m.left()).items().values()) {
                accumulate(item.get(layerMetric), sum, count);
                for (Map.Entry<String, double[]> e : item.entrySet()) {
                    for (double v : e.getValue()) {
                        if (Double.isFinite(v) && v != 0 && v != 1) {
                            binary.remove(e.getKey());
                        }
                    }
                }
            }
        }
        double[] meanPerLayer = means(sum, count);
        int lStar = argmax(meanPerLayer);
        List<LanguageResult> languages = new ArrayList<>();
        List<Boolean> allPivot = new ArrayList<>();
        List<Boolean> allLang = new ArrayList<>();
        List<Map<String, double[]>> allScores = new ArrayList<>();
        int totalItems = 0;
        for (LanguageKeys.Match m : usable) {
            ItemScores.Language lang = scores.languages().get(m.left());
            Accuracy.Language l = predictions.languages().get(m.right());
            Accuracy.Language p = predictions.languages().get(pivotOf.get(m.left()));
            double[] s = new double[scores.length()];
            int[] c = new int[scores.length()];
            List<Boolean> pv = new ArrayList<>();
            List<Boolean> lv = new ArrayList<>();
            List<Map<String, double[]>> sc = new ArrayList<>();
            for (Map.Entry<Integer, Map<String, double[]>> item : lang.items().entrySet()) {
                accumulate(item.getValue().get(layerMetric), s, c);
                Boolean inL = l.items().get(item.getKey());
                if (inL == null) {
                    continue;
                }
                pv.add(p.items().get(item.getKey()));
                lv.add(inL);
                sc.add(item.getValue());
            }
            totalItems += lang.items().size();
            Group g = group(lang.items().size(), pv, lv, sc, metrics, binary, lStar);
            languages.add(new LanguageResult(m.left(), m.right(), pivotOf.get(m.left()), m.language(), m.via(),
                    argmax(means(s, c)), g));
            allPivot.addAll(pv);
            allLang.addAll(lv);
            allScores.addAll(sc);
        }
        Group pooled = group(totalItems, allPivot, allLang, allScores, metrics, binary, lStar);
        return new Result(layerMetric, lStar, meanPerLayer, metrics, binary, List.copyOf(languages), pooled, List.copyOf(excluded));
    }

    /**
     * @param pivot per joined item: correct in the pivot (null: no gold there); {@code lang}: correct in L
     */
    static Group group(int items, List<Boolean> pivot, List<Boolean> lang, List<Map<String, double[]>> scores,
            List<String> metrics, Set<String> binary, int lStar) {
        int cc = 0;
        int cw = 0;
        int joined = 0;
        for (int i = 0; i < lang.size(); i++) {
            if (pivot.get(i) != null) {
                joined++;
                if (pivot.get(i)) {
                    if (lang.get(i)) {
                        cc++;
                    } else {
                        cw++;
                    }
                }
            }
        }
        Map<String, Delta> delta = new LinkedHashMap<>();
        Map<String, Auroc.Result> auroc = new LinkedHashMap<>();
        for (String metric : metrics) {
            double sumCc = 0;
            double sumCw = 0;
            int nCc = 0;
            int nCw = 0;
            List<Double> score = new ArrayList<>();
            List<Boolean> label = new ArrayList<>();
            for (int i = 0; i < lang.size(); i++) {
                double[] series = scores.get(i).get(metric);
                double v = series == null || lStar < 0 ? Double.NaN : series[lStar];
                if (!Double.isFinite(v)) {
                    continue;
                }
                score.add(v);
                label.add(lang.get(i));
                if (Boolean.TRUE.equals(pivot.get(i))) {
                    if (lang.get(i)) {
                        sumCc += v;
                        nCc++;
                    } else {
                        sumCw += v;
                        nCw++;
                    }
                }
            }
            double meanCc = nCc == 0 ? Double.NaN : sumCc / nCc;
            double meanCw = nCw == 0 ? Double.NaN : sumCw / nCw;
            ProportionTest.Result test = binary.contains(metric)
                    ? ProportionTest.oneSided((int) Math.round(sumCc), nCc, (int) Math.round(sumCw), nCw) : null;
            delta.put(metric, new Delta(nCc, nCw, meanCc, meanCw, meanCc - meanCw, test));
            boolean[] labels = new boolean[label.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = label.get(i);
            }
            auroc.put(metric, Auroc.of(score.stream().mapToDouble(Double::doubleValue).toArray(), labels));
        }
        return new Group(items, joined, cc, cw, delta, auroc);
    }

    private static void accumulate(double[] series, double[] sum, int[] count) {
        if (series == null) {
            return;
        }
        for (int i = 0; i < series.length; i++) {
            if (Double.isFinite(series[i])) {
                sum[i] += series[i];
                count[i]++;
            }
        }
    }

    private static double[] means(double[] sum, int[] count) {
        double[] out = new double[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        }
        return out;
    }

    /** First position of the largest value; -1 if none is a number. */
    static int argmax(double[] v) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i]) && (best < 0 || v[i] > v[best])) {
                best = i;
            }
        }
        return best;
    }

    private static List<String> candidates(ItemScores.Language lang, String predictionsKey) {
        Set<String> c = new LinkedHashSet<>();
        if (lang.pivot() != null) {
            c.add(lang.pivot());
        }
        c.add(LanguageKeys.PIVOT_PREFIX + predictionsKey);
        c.add(LanguageKeys.PIVOT_PREFIX + lang.key());
        return new ArrayList<>(c);
    }

    /** The pivot of one language: its own eng-&lt;L&gt; predictions if any, else the global pivot. */
    static Optional<String> pivotFor(ItemScores.Language lang, String predictionsKey, Accuracy predictions,
            Optional<String> global) {
        for (String c : candidates(lang, predictionsKey)) {
            Accuracy.Language l = predictions.languages().get(c);
            if (l != null && l.n() > 0) {
                return Optional.of(c);
            }
        }
        return global;
    }

    /** The predictions key of the pivot language: the pivot key itself, else the one key of its language. */
    static Optional<String> globalPivot(Accuracy predictions, String pivot) {
        if (pivot == null) {
            return Optional.empty();
        }
        Accuracy.Language exact = predictions.languages().get(pivot);
        if (exact != null && exact.n() > 0) {
            return Optional.of(pivot);
        }
        Optional<String> code = LanguageKeys.canonical(pivot);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        List<String> same = new ArrayList<>();
        for (Accuracy.Language l : predictions.languages().values()) {
            if (l.n() > 0 && code.equals(LanguageKeys.canonical(l.key()))) {
                same.add(l.key());
            }
        }
        return same.size() == 1 ? Optional.of(same.get(0)) : Optional.empty();
    }
}
