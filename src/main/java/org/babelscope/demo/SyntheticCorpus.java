package org.babelscope.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.babelscope.compute.FloatMatrix;

/**
 * Hidden states with planted cross-lingual alignment, for the demo and for tests of the whole
 * pipeline. Item i of language L at layer l is
 * <pre>  x = w_l·m_i + (1 − w_l)·s_{L,i} + b_L + σ_L·ε</pre>
 * with m_i the item's meaning (shared by all languages), s_{L,i} its language-specific surface
 * form, b_L a language offset, ε fresh noise, and w_l = exp(−((l − peak)/width)²) the share of
 * meaning at layer l. So alignment rises to a peak in the middle layers and languages rank by σ_L,
 * as they do in real models, where middle layers are the most language-agnostic.
 */
public final class SyntheticCorpus {
    /** A language and its noise level; lower noise plants stronger alignment with the pivot. */
    public record Language(String code, double noise) {
    }

    public static final List<Language> DEMO_LANGUAGES = List.of(
            new Language("eng_Latn", 0.5),
            new Language("fra_Latn", 1.4),
            new Language("deu_Latn", 1.7),
            new Language("zho_Hans", 2.2),
            new Language("swh_Latn", 2.8),
            new Language("yor_Latn", 3.6));

    private final int layers;
    private final int items;
    private final int dim;
    private final long seed;
    private final double peak;
    private final double width;

    public SyntheticCorpus(int layers, int items, int dim, long seed) {
        this.layers = layers;
        this.items = items;
        this.dim = dim;
        this.seed = seed;
        this.peak = 0.6 * (layers - 1);
        this.width = Math.max(1.0, layers / 3.0);
    }

    public int layers() {
        return layers;
    }

    public int items() {
        return items;
    }

    public int dim() {
        return dim;
    }

    /** The layer where the planted alignment is strongest. */
    public int peakLayer() {
        return (int) Math.round(peak);
    }

    /** Share of meaning in the hidden state at layer l. */
    public double meaningShare(int layer) {
        double z = (layer - peak) / width;
        return Math.exp(-z * z);
    }

    /** The hidden states of one language at one layer (items x dim). */
    public FloatMatrix layer(Language language, int layer) {
        int salt = language.code().hashCode();
        SplittableRandom meaning = new SplittableRandom(seed);
        SplittableRandom surface = new SplittableRandom(seed * 31 + salt);
        SplittableRandom offset = new SplittableRandom(seed * 17 + salt);
        SplittableRandom noise = new SplittableRandom((seed * 131 + salt) * 1009 + layer);
        double[] b = new double[dim];
        for (int t = 0; t < dim; t++) {
            b[t] = 0.5 * gaussian(offset);
        }
        double w = meaningShare(layer);
        FloatMatrix x = FloatMatrix.allocate(items, dim);
        for (int i = 0; i < items; i++) {
            for (int t = 0; t < dim; t++) {
                double v = w * gaussian(meaning) + (1 - w) * gaussian(surface) + b[t]
                        + language.noise() * gaussian(noise);
                x.set(i, t, (float) v);
            }
        }
        return x;
    }

    /** Expected ordering of the languages by alignment (best first), for the demo's message. */
    public static Map<String, Double> plantedNoise() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Language l : DEMO_LANGUAGES) {
            out.put(l.code(), l.noise());
        }
        return out;
    }

    /** Box–Muller from a splittable stream (deterministic for a given seed on every JVM). */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
