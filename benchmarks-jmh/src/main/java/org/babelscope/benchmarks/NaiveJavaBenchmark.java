package org.babelscope.benchmarks;

import java.util.concurrent.TimeUnit;
import org.babelscope.bench.NaiveMexa;
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
        return NaiveMexa.reduce(a, b);
    }
}
