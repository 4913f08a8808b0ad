package org.babelscope.lens;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.babelscope.BadInputException;
import org.babelscope.stats.LanguageKeys;

/**
 * A fitted Lens: per layer, the language means and their {@link LayerLens} split, for one pivot
 * and a fixed list of languages (the pivot among them). Steering vectors are computed from it on
 * demand, so one fit serves every α, β and layer range.
 *
 * @param source  where it came from, for the record (store path, model identity, items): free-form
 *                JSON-able values
 * @param means   per layer slot, K x d language means (rows in {@code languages} order)
 */
public record Lens(String pivot, List<String> languages, List<Integer> layers, int rank,
        List<double[][]> means, List<LayerLens> parts, Map<String, Object> source) {

    public Lens {
        languages = List.copyOf(languages);
        layers = List.copyOf(layers);
        means = List.copyOf(means);
        parts = List.copyOf(parts);
        source = new LinkedHashMap<>(source);
        if (!languages.contains(pivot)) {
            throw new IllegalArgumentException("the pivot " + pivot + " is not among " + languages);
        }
        if (means.size() != layers.size() || parts.size() != layers.size()) {
            throw new IllegalArgumentException(layers.size() + " layers, " + means.size() + " mean sets, "
                    + parts.size() + " fits");
        }
    }

    public int dim() {
        return parts.get(0).dim();
    }

    /** The model's architecture, when the store recorded it (for a control vector's model hint). */
    public Optional<String> architecture() {
        return Optional.ofNullable(source.get("architecture")).map(Object::toString);
    }

    /**
     * The lens language that {@code key} names: the same string, else the one language with the
     * same ISO 639-3 code ({@code it} → {@code ita_Latn}), as correlate matches keys.
     *
     * @throws BadInputException when none or several match
     */
    public String language(String key) {
        return resolve(key).orElseThrow(() -> new BadInputException("the lens has no language '" + key
                + "'; it was fitted on " + String.join(", ", languages)));
    }

    /** As {@link #language(String)}, empty instead of an error when nothing matches. */
    public Optional<String> resolve(String key) {
        if (languages.contains(key)) {
            return Optional.of(key);
        }
        List<String> same = LanguageKeys.sameLanguage(key, languages);
        if (same.size() > 1) {
            throw new BadInputException("'" + key + "' could be any of " + same + " in the lens; name one");
        }
        return same.stream().findFirst();
    }

    /** The mean of {@code language} (a lens language) at layer slot {@code slot}. */
    public double[] mean(int slot, String language) {
        int k = languages.indexOf(language);
        if (k < 0) {
            throw new IllegalArgumentException("not a lens language: " + language);
        }
        return means.get(slot)[k];
    }

    /**
     * The steering vector of {@code language} at each of {@code chosenLayers} (model layer
     * numbers, each one of {@link #layers()}), as llama.cpp adds it to the output of that block.
     */
    public TreeMap<Integer, float[]> steering(String language, double alpha, double beta, List<Integer> chosenLayers) {
        String lang = language(language);
        TreeMap<Integer, float[]> out = new TreeMap<>();
        for (int layer : chosenLayers) {
            int slot = layers.indexOf(layer);
            if (slot < 0) {
                throw new BadInputException("the lens has no layer " + layer + "; it holds " + layers);
            }
            double[] v = parts.get(slot).steering(mean(slot, lang), mean(slot, pivot), alpha, beta);
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            out.put(layer, f);
        }
        return out;
    }

    /** ‖P_s(μ_language − μ_pivot)‖ at layer slot {@code slot}: how far apart the two are in the specific part. */
    public double specificDistance(int slot, String language) {
        double[] mu = mean(slot, language);
        double[] pivotMean = mean(slot, pivot);
        double[] diff = new double[mu.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = mu[i] - pivotMean[i];
        }
        return norm(parts.get(slot).projectSpecific(diff));
    }

    /** Per layer and language: the numbers a person reads to judge the split. */
    public Map<String, Object> summary() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pivot", pivot);
        root.put("languages", languages);
        root.put("rank", rank);
        List<Object> perLayer = new ArrayList<>();
        for (int slot = 0; slot < layers.size(); slot++) {
            perLayer.add(layerSummary(slot));
        }
        root.put("per_layer", perLayer);
        return root;
    }

    private Map<String, Object> layerSummary(int slot) {
        LayerLens part = parts.get(slot);
        double[] pivotMean = mean(slot, pivot);
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("layer", layers.get(slot));
        layer.put("singular_values", part.singularValues());
        layer.put("explained_variance", part.explainedVariance());
        Map<String, Object> perLanguage = new LinkedHashMap<>();
        List<double[]> directions = new ArrayList<>();
        for (String lang : languages) {
            double[] mu = mean(slot, lang);
            double[] diff = new double[mu.length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = mu[i] - pivotMean[i];
            }
            double[] a = part.projectAgnostic(mu);
            double[] s = part.projectSpecific(mu);
            double[] rest = new double[mu.length];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = mu[i] - a[i] - s[i];
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("agnostic_offset", LanguageSubspaces.dot(diff, part.agnostic()));
            row.put("specific_distance", norm(part.projectSpecific(diff)));
            row.put("residual", norm(rest) / norm(mu));
            row.put("steering_norm", norm(part.steering(mu, pivotMean, 1, 1)));
            perLanguage.put(lang, row);
            directions.add(s);
        }
        layer.put("per_language", perLanguage);
        Map<String, Object> angles = new LinkedHashMap<>();
        for (int a = 0; a < languages.size(); a++) {
            double[] row = new double[languages.size()];
            for (int b = 0; b < languages.size(); b++) {
                row[b] = angleDegrees(directions.get(a), directions.get(b));
            }
            angles.put(languages.get(a), row);
        }
        layer.put("angles_deg", angles);
        return layer;
    }

    static double norm(double[] v) {
        return Math.sqrt(LanguageSubspaces.dot(v, v));
    }

    /** The angle between two vectors in degrees; NaN when either is zero. */
    static double angleDegrees(double[] a, double[] b) {
        double c = LanguageSubspaces.dot(a, b) / (norm(a) * norm(b));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }
}
