package org.babelscope.lens;

/**
 * One layer's split of the representation space (see {@link LanguageSubspaces}): the unit
 * language-agnostic direction â, the shared point w_c′ = (w_c′·â)â that every language mean
 * projects to, an orthonormal basis of the language-specific subspace (rows of {@code specific},
 * the columns of M_s), and the singular values of the centred means W − w_c1ᵀ (K of them; the last
 * is zero up to rounding, since centred columns sum to zero).
 */
public record LayerLens(double[] agnostic, double[] shared, double[][] specific, double[] singularValues) {

    public int dim() {
        return agnostic.length;
    }

    /** P_a(x) = (x·â)â. */
    public double[] projectAgnostic(double[] x) {
        double c = LanguageSubspaces.dot(x, agnostic);
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = c * agnostic[i];
        }
        return out;
    }

    /** P_s(x) = M_sM_sᵀx. */
    public double[] projectSpecific(double[] x) {
        double[] out = new double[x.length];
        for (double[] m : specific) {
            double c = LanguageSubspaces.dot(x, m);
            for (int i = 0; i < out.length; i++) {
                out[i] += c * m[i];
            }
        }
        return out;
    }

    /**
     * The steering vector for a target language: v = α·(P_a μ_pivot − P_a μ_target) +
     * β·(P_s μ_target − P_s μ_pivot), which pulls the target toward the pivot in the agnostic
     * part and pushes it away from the pivot in the specific part.
     */
    public double[] steering(double[] target, double[] pivot, double alpha, double beta) {
        double[] diff = new double[target.length]; // μ_target − μ_pivot
        for (int i = 0; i < diff.length; i++) {
            diff[i] = target[i] - pivot[i];
        }
        double[] a = projectAgnostic(diff);
        double[] s = projectSpecific(diff);
        double[] v = new double[diff.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = -alpha * a[i] + beta * s[i];
        }
        return v;
    }

    /** σ_q² / Σσ²: how much of the spread of the language means each direction holds. */
    public double[] explainedVariance() {
        double total = 0;
        for (double s : singularValues) {
            total += s * s;
        }
        double[] out = new double[singularValues.length];
        for (int q = 0; q < out.length; q++) {
            out[q] = total > 0 ? singularValues[q] * singularValues[q] / total : Double.NaN;
        }
        return out;
    }
}
