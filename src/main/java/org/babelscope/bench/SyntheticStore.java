package org.babelscope.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.store.Dtype;
import org.babelscope.store.Manifest;
import org.babelscope.store.Sha256;
import org.babelscope.store.StoreWriter;
import org.babelscope.tiers.ResourceTiers;

/**
 * Hidden states with realistic structure, seeded and independent of thread count. In the
 * unscaled space, the pivot's item i at layer l is {@code z = g_i + a_l·u_l} (g Gaussian per
 * layer and item, u_l a common direction: raw cosines of unrelated items sit at 0.1 to 0.6, as
 * in real models, which are anisotropic); language L's is
 * <pre>  y = cos θ·z + sin θ·R_L z + σ_i·ε + β·v_L</pre>
 * with R_L a signed permutation (a rotation into the language's own coordinates), ε fresh
 * noise and v_L a language offset. Stored values are {@code s ⊙ z} and {@code s ⊙ y}, s a
 * log-normal scale per coordinate (uneven variance across dimensions). The noise is calibrated
 * so that a typical item's diagonal cosine sits near the largest off-diagonal one
 * (√(2 ln n / d_eff)) times exp(q), q rising with the language's resource class (Joshi et al.)
 * and peaking in the middle layers; σ_i varies per item (hard items stay hard across layers
 * and languages), so MEXA and P@1 vary smoothly across (0, 1). Nothing is quantised or
 * repeated: ties are as rare as in continuous data.
 */
public final class SyntheticStore {
    /** Log-normal spread of the per-item noise: sets how gradually MEXA moves between 0 and 1. */
    private static final double ITEM_SPREAD = 0.45;
    private static final double LANGUAGE_OFFSET = 0.4;
    private static final long PIVOT = 0x9E3779B97F4A7C15L;
    private static final long NOISE = 0xC2B2AE3D27D4EB4FL;

    /** Called as each view starts. */
    public interface Listener {
        void view(String name, int index, int count);
    }

    private final List<String> languages;
    private final int items;
    private final int layers;
    private final int dim;
    private final long seed;
    private final double[] scale;
    private final double[][] common;     // [layer][dim], already times a_l
    private final double[][] offset;     // [language][dim], already times beta
    private final int[][] permutation;   // [language][dim]
    private final double[][] sign;       // [language][dim]
    private final double[][] cosTheta;   // [language][layer]
    private final double[][] sinTheta;
    private final double[][] sigma;      // [language][layer]
    private final double[][] difficulty; // [language][item]

    public SyntheticStore(List<String> languages, int items, int layers, int dim, long seed) {
        this.languages = List.copyOf(languages);
        this.items = items;
        this.layers = layers;
        this.dim = dim;
        this.seed = seed;
        int nl = languages.size();
        SplittableRandom r = random(seed, 1);
        scale = new double[dim];
        double s2 = 0;
        double s4 = 0;
        for (int k = 0; k < dim; k++) {
            scale[k] = Math.exp(0.5 * r.nextGaussian());
            s2 += scale[k] * scale[k];
            s4 += Math.pow(scale[k], 4);
        }
        double effectiveDim = s2 * s2 / s4;
        double threshold = Math.min(0.9, Math.max(0.02, Math.sqrt(2 * Math.log(items) / effectiveDim)));
        common = new double[layers][dim];
        for (int l = 0; l < layers; l++) {
            SplittableRandom rl = random(seed, 2, l);
            double a = 0.4 + 0.8 * depth(l);
            for (int k = 0; k < dim; k++) {
                common[l][k] = a * rl.nextGaussian();
            }
        }
        double[] shared = new double[items];
        SplittableRandom ri = random(seed, 3);
        for (int i = 0; i < items; i++) {
            shared[i] = ri.nextGaussian();
        }
        offset = new double[nl][dim];
        permutation = new int[nl][];
        sign = new double[nl][dim];
        cosTheta = new double[nl][layers];
        sinTheta = new double[nl][layers];
        sigma = new double[nl][layers];
        difficulty = new double[nl][items];
        for (int li = 1; li < nl; li++) {
            SplittableRandom rl = random(seed, 4, li);
            for (int k = 0; k < dim; k++) {
                offset[li][k] = LANGUAGE_OFFSET * rl.nextGaussian();
                sign[li][k] = rl.nextBoolean() ? 1 : -1;
            }
            permutation[li] = shuffled(dim, rl);
            int joshi = ResourceTiers.joshiClass(languages.get(li)).orElse(1);
            double quality = -0.45 + 0.22 * joshi + 0.12 * rl.nextGaussian();
            double theta = 0.25 + 0.5 * rl.nextDouble();
            for (int l = 0; l < layers; l++) {
                double t = depth(l);
                double bump = Math.exp(-Math.pow((t - 0.55) / 0.3, 2));
                double angle = theta * (1.2 - 0.6 * bump);
                cosTheta[li][l] = Math.cos(angle);
                sinTheta[li][l] = Math.sin(angle);
                double q = quality + 0.9 * bump - 0.4 - (t > 0.85 ? 0.2 * (t - 0.85) / 0.15 : 0);
                double kappa = Math.min(0.97 * cosTheta[li][l], threshold * Math.exp(q));
                sigma[li][l] = Math.sqrt(Math.max(0, Math.pow(cosTheta[li][l] / kappa, 2) - 1));
            }
            for (int i = 0; i < items; i++) {
                difficulty[li][i] = Math.exp(ITEM_SPREAD * (shared[i] + rl.nextGaussian()) / Math.sqrt(2));
            }
        }
    }

    /** 0 at the first layer, 1 at the last. */
    private double depth(int layer) {
        return layers == 1 ? 0.5 : (double) layer / (layers - 1);
    }

    /** The manifest without views: honest about being synthetic, identified by its parameters. */
    Manifest manifest() {
        String parameters = String.format(Locale.ROOT, "babelscope-bench-align/1 seed=%d items=%d layers=%d d=%d languages=%s",
                seed, items, layers, dim, String.join(",", languages));
        MessageDigest digest = Sha256.newDigest();
        digest.update(parameters.getBytes(StandardCharsets.UTF_8));
        List<Integer> layerNumbers = IntStream.range(0, layers).boxed().toList();
        return Manifest.create(layerNumbers).withDtype(Dtype.F32)
                .withModel(new Manifest.ModelInfo(null, null, "synthetic", layers, dim))
                .withCorpus(new Manifest.CorpusInfo("synthetic (babelscope bench align, seed " + seed
                        + "): no model and no text; the sha256 is that of the generator's parameters",
                        Sha256.hex(digest), items));
    }

    /**
     * Writes the store into {@code dir}, or completes one a run with the same parameters left
     * there (other parameters: a clear error). Returns the number of views written.
     */
    public int write(Path dir, Listener listener) throws IOException {
        StoreWriter writer = StoreWriter.create(dir, manifest());
        int written = 0;
        for (int li = 0; li < languages.size(); li++) {
            String name = languages.get(li);
            if (writer.hasView(name)) {
                continue;
            }
            listener.view(name, li + 1, languages.size());
            int lang = li;
            writer.writeView(name, items, dim, slot -> layer(lang, slot));
            written++;
        }
        return written;
    }

    /** Items x dim of one language (0: the pivot) at one layer, rows filled in parallel. */
    public FloatMatrix layer(int lang, int layer) {
        FloatMatrix m = FloatMatrix.allocate(items, dim);
        IntStream.range(0, items).parallel().forEach(i -> m.setRow(i, row(lang, layer, i)));
        return m;
    }

    private float[] row(int lang, int layer, int item) {
        SplittableRandom g = random(seed, PIVOT, layer, item);
        double[] z = new double[dim];
        for (int k = 0; k < dim; k++) {
            z[k] = g.nextGaussian() + common[layer][k];
        }
        float[] out = new float[dim];
        if (lang == 0) {
            for (int k = 0; k < dim; k++) {
                out[k] = (float) (scale[k] * z[k]);
            }
            return out;
        }
        SplittableRandom e = random(seed, NOISE, lang, layer, item);
        double c = cosTheta[lang][layer];
        double s = sinTheta[lang][layer];
        double noise = sigma[lang][layer] * difficulty[lang][item];
        int[] perm = permutation[lang];
        double[] sg = sign[lang];
        double[] off = offset[lang];
        for (int k = 0; k < dim; k++) {
            double y = c * z[k] + s * sg[k] * z[perm[k]] + noise * e.nextGaussian() + off[k];
            out[k] = (float) (scale[k] * y);
        }
        return out;
    }

    private static int[] shuffled(int n, SplittableRandom r) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A generator for one purpose and coordinates, the same on every run and thread. */
    private static SplittableRandom random(long seed, long... keys) {
        long h = mix(seed);
        for (long k : keys) {
            h = mix(h ^ mix(k + 0x632BE59BD9B4E019L));
        }
        return new SplittableRandom(h);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
