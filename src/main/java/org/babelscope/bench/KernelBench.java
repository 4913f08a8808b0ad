package org.babelscope.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.babelscope.compute.Backends;
import org.babelscope.compute.CudaResidentBench;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Times the similarity kernels against a GEMM alone on the same shapes (OpenBLAS's sgemm on the CPU;
 * on CUDA, cuBLAS's sgemm on the fused kernels' own tiles, inputs resident), interleaved:
 * each repetition runs every contender once, in turn, so that drift in the machine's speed (shared
 * or throttled cores) hits all of them alike, and the ratio to sgemm is taken per repetition
 * before the median. The GEMM is the roofline: the fused kernels do the same GEMM plus a pass.
 */
public final class KernelBench {
    /** One kernel at one shape: times in milliseconds; ratioToFirst is the first contender's time over this one's (> 1: faster). */
    public record Row(int n, int d, String kernel, double medianMs, double minMs, double gflops, double ratioToFirst) {
    }

    private final Kernels kernels;
    private final int repetitions;
    private final boolean naive;

    public KernelBench(Kernels kernels, int repetitions, boolean naive) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1");
        }
        this.kernels = kernels;
        this.repetitions = repetitions;
        this.naive = naive;
    }

    public List<Row> run(int n, int d) {
        FloatMatrix a = randomRows(n, d, 1);
        FloatMatrix b = randomRows(n, d, 2);
        kernels.normalizeRows(a);
        kernels.normalizeRows(b);
        Map<String, Runnable> contenders = new LinkedHashMap<>();
        if (CudaResidentBench.supports(kernels)) {
            // First the device-resident contenders, led by cuBLAS on the same tiles (the baseline),
            // then the same reduction through the Kernels API (host transfers included) and on the CPU.
            contenders.putAll(new CudaResidentBench(kernels, a, b).contenders(4));
            contenders.put("mexa (cuda, with host transfers)", () -> kernels.mexa(a, b));
            if (2.0 * n * n * d <= CPU_BASELINE_MAX_FLOPS) {
                Kernels cpu = cpuBaseline();
                contenders.put("mexa fused (CPU backend)", () -> cpu.mexa(a, b));
            }
        } else {
            if ((long) n * n <= Integer.MAX_VALUE / Float.BYTES) {
                FloatMatrix full = FloatMatrix.allocate(n, n);
                FloatPointer pa = new FloatPointer(a.buffer());
                FloatPointer pb = new FloatPointer(b.buffer());
                FloatPointer pc = new FloatPointer(full.buffer());
                contenders.put("sgemm (OpenBLAS alone)", () -> openblas.cblas_sgemm(openblas.CblasRowMajor,
                        openblas.CblasNoTrans, openblas.CblasTrans, n, n, d, 1.0f, pa, d, pb, d, 0.0f, pc, n));
                contenders.put("cosine block", () -> kernels.cosine(a, b, full));
            }
            contenders.put("mexa fused", () -> kernels.mexa(a, b));
            contenders.put("top-4 fused", () -> kernels.topK(a, b, 4));
        }
        float[][] ja = naive ? a.toArray() : null;
        float[][] jb = naive ? b.toArray() : null;
        if (naive) {
            contenders.put("mexa, plain Java", () -> NaiveMexa.reduce(ja, jb));
        }
        return time(n, d, contenders);
    }

    /**
     * DALI's option blocks on the device over n x d rows per side (K = 4 options of n / 4 items),
     * against a device copy of as many bytes: the fraction of the copy's bandwidth they reach.
     * CUDA only.
     */
    public Bandwidth bandwidth(int n, int d) {
        FloatMatrix a = randomRows(n, d, 3);
        FloatMatrix b = randomRows(n, d, 4);
        kernels.normalizeRows(a);
        kernels.normalizeRows(b);
        CudaResidentBench resident = new CudaResidentBench(kernels, a, b);
        Map<String, Runnable> contenders = new LinkedHashMap<>();
        contenders.put("copy", resident.copy());
        contenders.put("dali", resident.optionBlocks(4));
        List<Row> rows = time(n, d, contenders);
        double copyMs = rows.get(0).medianMs();
        double daliMs = rows.get(1).medianMs();
        double bytes = resident.optionBlockBytes(); // the copy reads half of it and writes half
        return new Bandwidth(n, d, 4, daliMs, copyMs, bytes / daliMs / 1e6, bytes / copyMs / 1e6, rows.get(1).ratioToFirst());
    }

    /** Option blocks against a device copy moving as many bytes; fraction = copy time / blocks time. */
    public record Bandwidth(int n, int d, int options, double daliMs, double copyMs, double daliGBs, double copyGBs,
            double fraction) {
    }

    /** Above this many flops per call the CPU baseline is left out of CUDA runs (minutes per repetition). */
    static final double CPU_BASELINE_MAX_FLOPS = 2e12;

    private Kernels cpuBaselineKernels;

    private Kernels cpuBaseline() {
        if (cpuBaselineKernels == null) {
            cpuBaselineKernels = Backends.cpu();
        }
        return cpuBaselineKernels;
    }

    private List<Row> time(int n, int d, Map<String, Runnable> contenders) {
        Map<String, double[]> times = new LinkedHashMap<>();
        contenders.keySet().forEach(k -> times.put(k, new double[repetitions]));
        contenders.values().forEach(Runnable::run); // warm-up: JIT, page faults, thread pools
        for (int r = 0; r < repetitions; r++) {
            for (Map.Entry<String, Runnable> c : contenders.entrySet()) {
                long t0 = System.nanoTime();
                c.getValue().run();
                times.get(c.getKey())[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double flops = 2.0 * n * n * d;
        double[] base = times.values().iterator().next(); // the first contender is the baseline
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : times.entrySet()) {
            double[] t = e.getValue();
            double[] ratios = new double[repetitions];
            for (int r = 0; r < repetitions; r++) {
                ratios[r] = base[r] / t[r]; // > 1: faster than sgemm
            }
            double median = median(t);
            rows.add(new Row(n, d, e.getKey(), median, Arrays.stream(t).min().orElseThrow(), flops / median / 1e6,
                    median(ratios)));
        }
        return rows;
    }

    private static FloatMatrix randomRows(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FloatMatrix m = FloatMatrix.allocate(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m.set(i, j, (float) (rnd.nextDouble() - 0.5));
            }
        }
        return m;
    }

    /** Median of the values (the mean of the middle two for an even count). */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
