package org.babelscope.benchmarks;

import java.util.concurrent.TimeUnit;
import org.babelscope.compute.Backends;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.MexaReduction;
import org.babelscope.compute.TopK;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cosine block and the fused MEXA and top-k reductions against OpenBLAS's sgemm alone on the
 * same shapes, in the same run: sgemm is the roofline the fused kernels are judged by (they do the
 * same GEMM plus a reduction). GFLOP/s = 2·n²·d / time.
 *
 * <pre>java -jar benchmarks-jmh/target/benchmarks.jar SimilarityBenchmark -p n=10000 -p d=4096</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-XX:MaxDirectMemorySize=8g"})
public class SimilarityBenchmark {
    @Param({"1000", "10000"})
    int n;

    @Param({"1024", "4096"})
    int d;

    Kernels kernels;
    FloatMatrix a;
    FloatMatrix b;
    FloatMatrix full;
    FloatPointer pa;
    FloatPointer pb;
    FloatPointer pc;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = Backends.cpu();
        FloatMatrix[] pair = Shapes.alignedPair(n, d, 42, kernels);
        a = pair[0];
        b = pair[1];
        full = FloatMatrix.allocate(n, n);
        pa = new FloatPointer(a.buffer());
        pb = new FloatPointer(b.buffer());
        pc = new FloatPointer(full.buffer());
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%n[shape n=%d d=%d: %.1f GFLOP per GEMM]%n", n, d, Shapes.gemmFlops(n, d) / 1e9);
    }

    /** The baseline: C = A·Bᵀ by OpenBLAS alone, the full n x n result written to memory. */
    @Benchmark
    public FloatMatrix sgemmAlone() {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, n, n, d, 1.0f,
                pa, d, pb, d, 0.0f, pc, n);
        return full;
    }

    /** Cosine block: sgemm plus the scaling by inverse norms, the full n x n result written. */
    @Benchmark
    public FloatMatrix cosineBlock() {
        kernels.cosine(a, b, full);
        return full;
    }

    /** Fused MEXA: GEMM tiles folded into row and column maxima; no n x n matrix. */
    @Benchmark
    public MexaReduction mexaFused() {
        return kernels.mexa(a, b);
    }

    /** Fused top-4 per row and column (retrieval and margin), same tiling. */
    @Benchmark
    public TopK topKFused() {
        return kernels.topK(a, b, 4);
    }
}
