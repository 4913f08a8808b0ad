package org.babelscope.benchmarks;

import java.util.concurrent.TimeUnit;
import org.babelscope.compute.Backends;
import org.babelscope.compute.FloatMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The straightforward Java baseline: the MEXA reduction (and with it the cosine block, which is
 * the same n²·d dot-product work) as plain loops over float arrays, one thread. At n = 10k,
 * d = 4096 one call takes minutes, so it is timed in single shots.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class NaiveJavaBenchmark {
    @Param({"1000", "10000"})
    int n;

    @Param({"1024", "4096"})
    int d;

    float[][] a;
    float[][] b;

    @Setup(Level.Trial)
    public void setUp() {
        FloatMatrix[] pair = Shapes.alignedPair(n, d, 42, Backends.cpu());
        a = pair[0].toArray();
        b = pair[1].toArray();
    }

    @Benchmark
    public float[][] mexaNaive() {
        float[] diag = new float[n];
        float[] rowMax = new float[n];
        float[] colMax = new float[n];
        java.util.Arrays.fill(rowMax, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(colMax, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            float[] x = a[i];
            for (int j = 0; j < n; j++) {
                float[] y = b[j];
                float s = 0;
                for (int t = 0; t < d; t++) {
                    s += x[t] * y[t];
                }
                if (i == j) {
                    diag[i] = s;
                } else {
                    rowMax[i] = Math.max(rowMax[i], s);
                    colMax[j] = Math.max(colMax[j], s);
                }
            }
        }
        return new float[][] {diag, rowMax, colMax};
    }
}
