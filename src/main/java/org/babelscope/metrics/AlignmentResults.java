package org.babelscope.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-metric, per-language, per-layer values of one alignment run, with their pooling over
 * layers. Languages and metrics keep the order they were added in.
 */
public final class AlignmentResults {
    private final String pivot;
    private final List<Integer> layers;
    private final List<String> languages;
    private final Set<Metric> metrics;
    private final int items;
    private final Map<Metric, Map<String, double[]>> values = new LinkedHashMap<>();

    public AlignmentResults(String pivot, List<Integer> layers, List<String> languages, Set<Metric> metrics, int items) {
        this.pivot = pivot;
        this.layers = List.copyOf(layers);
        this.languages = List.copyOf(languages);
        this.metrics = metrics;
        this.items = items;
        for (Metric m : metrics) {
            Map<String, double[]> perLanguage = new LinkedHashMap<>();
            for (String lang : languages) {
                double[] v = new double[layers.size()];
                java.util.Arrays.fill(v, Double.NaN);
                perLanguage.put(lang, v);
            }
            values.put(m, perLanguage);
        }
    }

    public void put(Metric metric, String language, int layerPosition, double value) {
        values.get(metric).get(language)[layerPosition] = value;
    }

    public String pivot() {
        return pivot;
    }

    /** Model layer numbers, one per position of the per-layer series. */
    public List<Integer> layers() {
        return layers;
    }

    public List<String> languages() {
        return languages;
    }

    public Set<Metric> metrics() {
        return metrics;
    }

    public int items() {
        return items;
    }

    public double[] perLayer(Metric metric, String language) {
        return values.get(metric).get(language).clone();
    }

    public double mean(Metric metric, String language) {
        double[] v = values.get(metric).get(language);
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    public double max(Metric metric, String language) {
        return values.get(metric).get(language)[argmax(metric, language)];
    }

    /** Position of the best layer (the first of equals). */
    public int argmax(Metric metric, String language) {
        double[] v = values.get(metric).get(language);
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
