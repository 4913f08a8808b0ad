package org.babelscope.lens;

import java.util.Arrays;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.Svd;

/**
 * The decomposition of one layer's language means into a language-agnostic direction and a
 * language-specific subspace (LSAR, as Lens uses it; the formulas are DESIGN.md's):
 *
 * <pre>
 *   W = [μ_1 … μ_K] (d x K), w_c = W1/K
 *   W − w_c1ᵀ = UΣVᵀ;  W_s = U_r, Γ = V_rΣ_r;  W′ = w_c1ᵀ + W_sΓᵀ      (rank-r denoising)
 *   w_c′ = pinv(W′)ᵀ1 / ‖pinv(W′)ᵀ1‖²                                 (the point every mean shares)
 *   M_s = first r left singular vectors of W′ − w_c′1ᵀ
 *   â = w_c′/‖w_c′‖;  P_a(x) = (x·â)â;  P_s(x) = M_sM_sᵀx
 * </pre>
 *
 * <p>pinv(W′)ᵀ1 is the least-norm w with w·μ′_k = 1 for every (denoised) mean: the normal of the
 * hyperplane through all of them, so w_c′ is the foot of the perpendicular from the origin and
 * every μ′_k − w_c′ is orthogonal to â. Hence M_s ⟂ â: the two parts never overlap.
 *
 * <p>The three d x K SVDs run on the {@link Kernels}; the K-sized algebra around them is done in
 * double. In the pseudo-inverse, singular values of W′ past its rank r + 1 or below
 * {@code max(d, K)·ε·σ_max} (ε of float32) count as zero, as numpy's pinv does with its own ε.
 */
public final class LanguageSubspaces {
    private static final double FLOAT_EPS = Math.ulp(1.0f);

    private final Kernels kernels;

    public LanguageSubspaces(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * @param means K x d, one row per language (K >= 2)
     * @param rank  r, 1 .. K − 1
     */
    public LayerLens fit(double[][] means, int rank) {
        int k = means.length;
        if (k < 2) {
            throw new IllegalArgumentException("the decomposition needs at least two languages, got " + k);
        }
        int d = means[0].length;
        if (rank < 1 || rank > k - 1) {
            throw new IllegalArgumentException("rank must lie in 1.." + (k - 1) + " for " + k + " languages, got " + rank);
        }
        double[] wc = new double[d];
        for (double[] mu : means) {
            for (int i = 0; i < d; i++) {
                wc[i] += mu[i] / k;
            }
        }
        // W − w_c1ᵀ as a d x K matrix, then its rank-r part added back to w_c: W′.
        Svd centered = kernels.svd(columns(means, wc));
        double[][] denoised = new double[k][d];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                double s = wc[i];
                for (int q = 0; q < rank; q++) {
                    s += (double) centered.u().get(i, q) * centered.s()[q] * centered.vt().get(q, j);
                }
                denoised[j][i] = s;
            }
        }
        double[] normal = pinvTransposeOnes(denoised, d, k, rank + 1);
        double nn = dot(normal, normal);
        if (!(nn > 0) || !Double.isFinite(nn)) {
            throw new IllegalStateException("the language means have no common hyperplane (pinv(W′)ᵀ1 is " + nn + ")");
        }
        double[] shared = new double[d]; // w_c′
        double[] agnostic = new double[d]; // â
        double norm = Math.sqrt(nn);
        for (int i = 0; i < d; i++) {
            shared[i] = normal[i] / nn;
            agnostic[i] = normal[i] / norm;
        }
        Svd specificSvd = kernels.svd(columns(denoised, shared));
        double[][] specific = new double[rank][d];
        for (int q = 0; q < rank; q++) {
            // A singular vector's sign is the solver's choice (LAPACK's sgesdd and cuSOLVER's gesvd
            // differ): fix it, largest-magnitude entry positive, so that lens files do not depend
            // on the backend.
            int top = 0;
            for (int i = 0; i < d; i++) {
                specific[q][i] = specificSvd.u().get(i, q);
                if (Math.abs(specific[q][i]) > Math.abs(specific[q][top])) {
                    top = i;
                }
            }
            if (specific[q][top] < 0) {
                for (int i = 0; i < d; i++) {
                    specific[q][i] = -specific[q][i];
                }
            }
        }
        double[] singular = new double[k];
        for (int q = 0; q < Math.min(k, centered.s().length); q++) {
            singular[q] = centered.s()[q];
        }
        return new LayerLens(agnostic, shared, specific, singular);
    }

    /**
     * pinv(W′)ᵀ1 = U Σ⁺ Vᵀ 1 from the SVD of W′ (d x K, columns the denoised means). W′ = w_c1ᵀ +
     * a rank-r matrix has rank at most r + 1, so only that many singular values are inverted (the
     * others are float32 rounding: on the CPU backend, with seeded means N(0, 25) shared plus
     * N(0, 1) per language, d = 24..4096, K = 4..20, r = 1..K − 2, they measured 5e-9 to 1.1e-6 of
     * σ_max, 30 to 15000 times below the relative cutoff, which stays as the guard for degenerate
     * means).
     */
    private double[] pinvTransposeOnes(double[][] denoised, int d, int k, int maxRank) {
        Svd svd = kernels.svd(columns(denoised, new double[d]));
        float[] s = svd.s();
        double cutoff = Math.max(d, k) * FLOAT_EPS * (s.length == 0 ? 0 : s[0]);
        double[] out = new double[d];
        for (int q = 0; q < Math.min(maxRank, s.length); q++) {
            if (s[q] <= cutoff) {
                continue;
            }
            double vtOnes = 0; // (Vᵀ1)_q
            for (int j = 0; j < k; j++) {
                vtOnes += svd.vt().get(q, j);
            }
            double coef = vtOnes / s[q];
            for (int i = 0; i < d; i++) {
                out[i] += coef * svd.u().get(i, q);
            }
        }
        return out;
    }

    /** The d x K matrix whose column j is {@code rows[j] − minus}. */
    private static FloatMatrix columns(double[][] rows, double[] minus) {
        int k = rows.length;
        int d = minus.length;
        FloatMatrix m = FloatMatrix.allocate(d, k);
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                m.set(i, j, (float) (rows[j][i] - minus[i]));
            }
        }
        return m;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Copies a float vector into doubles. */
    static double[] widen(float[] v) {
        double[] out = new double[v.length];
        Arrays.setAll(out, i -> v[i]);
        return out;
    }
}
