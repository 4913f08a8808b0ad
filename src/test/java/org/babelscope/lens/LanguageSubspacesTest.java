package org.babelscope.lens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.babelscope.compute.Backends;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

class LanguageSubspacesTest {
    private final LanguageSubspaces split = new LanguageSubspaces(Backends.cpu());

    /** Means μ_k = c·a + S z_k with a ⟂ span(S): the split must find a and span(S) exactly. */
    @Test
    void recoversPlantedAgnosticDirectionAndSpecificSubspace() {
        Random rnd = new Random(11);
        int d = 96;
        int k = 6;
        double[][] basis = orthonormal(rnd, d, k); // row 0: a, rows 1..k-1: S
        double c = 7.5;
        double[][] means = new double[k][d];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                means[j][i] = c * basis[0][i];
            }
            for (int q = 1; q < k; q++) {
                double z = 3 * rnd.nextGaussian();
                for (int i = 0; i < d; i++) {
                    means[j][i] += z * basis[q][i];
                }
            }
        }
        LayerLens lens = split.fit(means, k - 1);
        // With exact means only float32 rounding separates the answer from the plant.
        assertTrue(angleDegrees(lens.agnostic(), basis[0]) < 0.01, "agnostic direction found");
        assertTrue(LanguageSubspaces.dot(lens.agnostic(), basis[0]) > 0, "â points to the means' side");
        double[][] planted = new double[k - 1][];
        System.arraycopy(basis, 1, planted, 0, k - 1);
        assertTrue(largestPrincipalAngleDegrees(lens.specific(), planted) < 0.01, "specific subspace found");
        assertEquals(c, LanguageSubspaces.dot(lens.shared(), lens.agnostic()), 1e-4, "w_c′ sits at c along â");
    }

    /**
     * Means estimated from noisy samples: the error of a mean is about σ·sqrt(d/n) in norm, and
     * the angle it costs is that over the spread of the means (at least 3 here), so 3·σ·sqrt(d/n)/3
     * radians bounds the angle with room to spare.
     */
    @Test
    void noisyMeansStayWithinTheNoiseBound() {
        Random rnd = new Random(12);
        int d = 64;
        int k = 5;
        int n = 400;
        double sigma = 0.5;
        double[][] basis = orthonormal(rnd, d, k);
        double[][] means = new double[k][d];
        for (int j = 0; j < k; j++) {
            double[] truth = new double[d];
            for (int i = 0; i < d; i++) {
                truth[i] = 10 * basis[0][i];
            }
            for (int q = 1; q < k; q++) {
                double z = (j == q ? 4 : 0) + rnd.nextGaussian(); // spread along every S direction
                for (int i = 0; i < d; i++) {
                    truth[i] += z * basis[q][i];
                }
            }
            for (int item = 0; item < n; item++) {
                for (int i = 0; i < d; i++) {
                    means[j][i] += (truth[i] + sigma * rnd.nextGaussian()) / n;
                }
            }
        }
        double bound = Math.toDegrees(3 * sigma * Math.sqrt((double) d / n) / 3);
        LayerLens lens = split.fit(means, k - 1);
        double[][] planted = new double[k - 1][];
        System.arraycopy(basis, 1, planted, 0, k - 1);
        assertTrue(angleDegrees(lens.agnostic(), basis[0]) < bound,
                "agnostic angle " + angleDegrees(lens.agnostic(), basis[0]) + " within " + bound);
        assertTrue(largestPrincipalAngleDegrees(lens.specific(), planted) < bound);
    }

    /** P_a, P_s idempotent, P_aP_s = 0, and the split agrees with a double-precision reference. */
    @Test
    void projectorsAreIdempotentComplementaryAndMatchTheDoubleReference() {
        Random rnd = new Random(13);
        int d = 40;
        int k = 7;
        double[][] means = new double[k][d];
        double[] common = gaussian(rnd, d, 5);
        for (int j = 0; j < k; j++) {
            double[] g = gaussian(rnd, d, 1);
            for (int i = 0; i < d; i++) {
                means[j][i] = common[i] + g[i];
            }
        }
        for (int rank : new int[] {k - 1, 3}) {
            LayerLens lens = split.fit(means, rank);
            Reference ref = Reference.fit(means, rank);
            assertTrue(angleDegrees(lens.agnostic(), ref.agnostic) < 0.05, "â as in double, rank " + rank);
            assertTrue(largestPrincipalAngleDegrees(lens.specific(), ref.specific) < 0.05, "M_s, rank " + rank);
            double[] x = gaussian(rnd, d, 2);
            double[] pa = lens.projectAgnostic(x);
            double[] ps = lens.projectSpecific(x);
            assertClose(pa, lens.projectAgnostic(pa), 1e-9, "P_a idempotent");
            assertClose(ps, lens.projectSpecific(ps), 1e-5, "P_s idempotent");
            assertClose(new double[d], lens.projectSpecific(pa), 1e-5, "P_s P_a = 0");
            assertClose(new double[d], lens.projectAgnostic(ps), 1e-5, "P_a P_s = 0");
            // Each basis vector of M_s is unit and orthogonal to the others.
            for (int p = 0; p < rank; p++) {
                for (int q = 0; q < rank; q++) {
                    assertEquals(p == q ? 1 : 0, LanguageSubspaces.dot(lens.specific()[p], lens.specific()[q]), 1e-5);
                }
                // Signs are fixed (largest-magnitude entry positive), whatever the SVD returned.
                double[] v = lens.specific()[p];
                double top = 0;
                for (double e : v) {
                    top = Math.abs(e) > Math.abs(top) ? e : top;
                }
                assertTrue(top > 0, "specific direction " + p + " has its largest entry positive");
            }
        }
        // At full rank the two parts together reproduce every mean, and a mean's steering vector is
        // β·(μ_k − μ_pivot): all means share their agnostic part, so the α term vanishes.
        LayerLens full = split.fit(means, k - 1);
        for (int j = 0; j < k; j++) {
            double[] sum = add(full.projectAgnostic(means[j]), full.projectSpecific(means[j]));
            assertClose(means[j], sum, 1e-4 * Lens.norm(means[j]), "mean " + j + " = P_a μ + P_s μ");
            double[] v = full.steering(means[j], means[0], 1.0, 0.5);
            double[] want = new double[d];
            for (int i = 0; i < d; i++) {
                want[i] = 0.5 * (means[j][i] - means[0][i]);
            }
            assertClose(want, v, 1e-4 * Lens.norm(means[j]), "steering of " + j);
        }
    }

    @Test
    void steeringMatchesTheFormulaAtReducedRank() {
        Random rnd = new Random(14);
        int d = 30;
        int k = 5;
        double[][] means = new double[k][];
        for (int j = 0; j < k; j++) {
            means[j] = gaussian(rnd, d, 3);
        }
        Reference ref = Reference.fit(means, 2);
        LayerLens lens = split.fit(means, 2);
        double alpha = 0.7;
        double beta = 1.3;
        double[] v = lens.steering(means[3], means[1], alpha, beta);
        // v = α(P_a μ_p − P_a μ_t) + β(P_s μ_t − P_s μ_p), with the reference's double projectors.
        double[] want = new double[d];
        double ap = LanguageSubspaces.dot(ref.agnostic, means[1]);
        double at = LanguageSubspaces.dot(ref.agnostic, means[3]);
        for (int i = 0; i < d; i++) {
            want[i] = alpha * (ap - at) * ref.agnostic[i];
        }
        for (double[] m : ref.specific) {
            double c = LanguageSubspaces.dot(m, means[3]) - LanguageSubspaces.dot(m, means[1]);
            for (int i = 0; i < d; i++) {
                want[i] += beta * c * m[i];
            }
        }
        assertTrue(Lens.norm(want) > 0.1, "the α term does not vanish below full rank");
        assertClose(want, v, 2e-4 * Lens.norm(want), "steering vector");
    }

    /** DESIGN.md's formulas in double precision with Hipparchus's SVD. */
    private record Reference(double[] agnostic, double[][] specific) {
        static Reference fit(double[][] means, int r) {
            int k = means.length;
            int d = means[0].length;
            RealMatrix w = new Array2DRowRealMatrix(d, k);
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < d; i++) {
                    w.setEntry(i, j, means[j][i]);
                }
            }
            RealMatrix ones = new Array2DRowRealMatrix(k, 1);
            for (int j = 0; j < k; j++) {
                ones.setEntry(j, 0, 1);
            }
            RealMatrix wc = w.multiply(ones).scalarMultiply(1.0 / k);
            RealMatrix centered = w.subtract(wc.multiply(ones.transpose()));
            SingularValueDecomposition svd = new SingularValueDecomposition(centered);
            RealMatrix ur = svd.getU().getSubMatrix(0, d - 1, 0, r - 1);
            RealMatrix gamma = svd.getV().getSubMatrix(0, k - 1, 0, r - 1)
                    .multiply(svd.getS().getSubMatrix(0, r - 1, 0, r - 1));
            RealMatrix wPrime = wc.multiply(ones.transpose()).add(ur.multiply(gamma.transpose()));
            RealMatrix p = new SingularValueDecomposition(wPrime).getSolver().getInverse().transpose().multiply(ones);
            double nn = p.getFrobeniusNorm() * p.getFrobeniusNorm();
            RealMatrix wcPrime = p.scalarMultiply(1 / nn);
            RealMatrix rest = wPrime.subtract(wcPrime.multiply(ones.transpose()));
            RealMatrix ms = new SingularValueDecomposition(rest).getU();
            double[][] specific = new double[r][];
            for (int q = 0; q < r; q++) {
                specific[q] = ms.getColumn(q);
            }
            double[] a = p.getColumn(0);
            double norm = Math.sqrt(nn);
            for (int i = 0; i < d; i++) {
                a[i] /= norm;
            }
            return new Reference(a, specific);
        }
    }

    static double[][] orthonormal(Random rnd, int d, int n) {
        double[][] out = new double[n][];
        for (int q = 0; q < n; q++) {
            double[] v = gaussian(rnd, d, 1);
            for (int p = 0; p < q; p++) {
                double c = LanguageSubspaces.dot(v, out[p]);
                for (int i = 0; i < d; i++) {
                    v[i] -= c * out[p][i];
                }
            }
            double norm = Lens.norm(v);
            for (int i = 0; i < d; i++) {
                v[i] /= norm;
            }
            out[q] = v;
        }
        return out;
    }

    static double[] gaussian(Random rnd, int d, double scale) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = scale * rnd.nextGaussian();
        }
        return v;
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    /**
     * The angle between two lines (sign ignored), in degrees, from its sine (the part of a outside
     * b): near zero, acos of a float-rounded cosine would read rounding as 0.02 degrees.
     */
    static double angleDegrees(double[] a, double[] b) {
        return largestPrincipalAngleDegrees(new double[][] {unit(a)}, new double[][] {unit(b)});
    }

    /**
     * The largest principal angle between the spans of two orthonormal row sets: asin of the
     * largest singular value of the rows of a with their projection onto span(b) removed.
     */
    static double largestPrincipalAngleDegrees(double[][] a, double[][] b) {
        int d = a[0].length;
        RealMatrix rest = new Array2DRowRealMatrix(a.length, d);
        for (int p = 0; p < a.length; p++) {
            double[] r = a[p].clone();
            for (double[] q : b) {
                double c = LanguageSubspaces.dot(a[p], q);
                for (int i = 0; i < d; i++) {
                    r[i] -= c * q[i];
                }
            }
            rest.setRow(p, r);
        }
        double sin = new SingularValueDecomposition(rest).getSingularValues()[0];
        return Math.toDegrees(Math.asin(Math.min(1, sin)));
    }

    private static double[] unit(double[] v) {
        double n = Lens.norm(v);
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] /= n;
        }
        return out;
    }

    private static void assertClose(double[] want, double[] got, double tol, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol, what + " [" + i + "]");
        }
    }
}
