package org.babelscope.lift;

import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.Svd;

/**
 * Fits the d x d map W that takes a language's embeddings X_L (rows) onto the pivot's X_p, so
 * that X_L·W ≈ X_p, on the kernels (GEMM and SVD):
 *
 * <ul>
 *   <li>Procrustes: X_LᵀX_p = UΣVᵀ, W = UVᵀ (orthogonal: lengths and angles within the language
 *       are kept);</li>
 *   <li>ridge: W = (X_LᵀX_L + λI)⁻¹X_LᵀX_p, computed from the thin SVD X_L = USVᵀ as
 *       V·diag(s/(s² + λ))·UᵀX_p, which needs no d x d inverse and, at λ = 0, is the least-norm
 *       least-squares map (directions with s below float rounding are dropped).</li>
 * </ul>
 */
public final class MapFitter {
    private static final double FLOAT_EPS = Math.ulp(1.0f);

    private final Kernels kernels;

    public MapFitter(Kernels kernels) {
        this.kernels = kernels;
    }

    public FloatMatrix fit(MapMethod method, FloatMatrix language, FloatMatrix pivot, double lambda) {
        if (language.rows() != pivot.rows() || language.cols() != pivot.cols()) {
            throw new IllegalArgumentException("parallel items must match: " + language.rows() + " x " + language.cols()
                    + " against " + pivot.rows() + " x " + pivot.cols());
        }
        return method == MapMethod.PROCRUSTES ? procrustes(language, pivot) : ridge(language, pivot, lambda);
    }

    FloatMatrix procrustes(FloatMatrix language, FloatMatrix pivot) {
        Svd svd = kernels.svd(kernels.multiply(language, true, pivot, false));
        return kernels.multiply(svd.u(), false, svd.vt(), false);
    }

    FloatMatrix ridge(FloatMatrix language, FloatMatrix pivot, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be 0 or more, got " + lambda);
        }
        Svd svd = kernels.svd(language);
        FloatMatrix projected = kernels.multiply(svd.u(), true, pivot, false); // UᵀX_p, r x d
        float[] s = svd.s();
        double cutoff = Math.max(language.rows(), language.cols()) * FLOAT_EPS * (s.length == 0 ? 0 : s[0]);
        for (int q = 0; q < s.length; q++) {
            double scale = s[q] <= cutoff ? 0 : s[q] / ((double) s[q] * s[q] + lambda);
            for (int j = 0; j < projected.cols(); j++) {
                projected.set(q, j, (float) (projected.get(q, j) * scale));
            }
        }
        return kernels.multiply(svd.vt(), true, projected, false);
    }
}
