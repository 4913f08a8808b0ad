package org.babelscope.benchmarks;

import java.util.Random;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;

/** Benchmark inputs: random unit rows (pivot) and noisy partners (language), as real embeddings. */
final class Shapes {
    private Shapes() {
    }

    static FloatMatrix[] alignedPair(int n, int d, long seed, Kernels kernels) {
        Random rnd = new Random(seed);
        FloatMatrix a = FloatMatrix.allocate(n, d);
        FloatMatrix b = FloatMatrix.allocate(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                float v = (float) rnd.nextGaussian();
                a.set(i, j, v);
                b.set(i, j, v + 0.8f * (float) rnd.nextGaussian());
            }
        }
        kernels.normalizeRows(a);
        kernels.normalizeRows(b);
        return new FloatMatrix[] {a, b};
    }

    /** Floating-point operations of the GEMM behind an n x n similarity block of width d. */
    static double gemmFlops(int n, int d) {
        return 2.0 * n * n * d;
    }
}
