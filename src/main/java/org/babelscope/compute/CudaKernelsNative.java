package org.babelscope.compute;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP mapping of native/kernels/cuda/bs_cuda_kernels.h (libbs_cuda_kernels.so). Every pointer
 * is a device pointer held in a JavaCPP {@link Pointer} (its address only; the host never reads
 * it); {@code stream} is the presets' {@code CUstream_st}. Only {@link CudaKernels} uses this.
 *
 * <p>The Maven build generates this class's JNI glue only where CMake found nvcc; elsewhere loading
 * it fails and {@link CudaRuntime} reports a build without the CUDA kernels.
 */
@Platform(include = "bs_cuda_kernels.h", link = "bs_cuda_kernels")
final class CudaKernelsNative {
    static {
        // libbs_cuda_kernels needs libcudart.so.13: the presets load it (from the system or their
        // redist jar), and the dynamic linker then finds that SONAME in the process.
        Loader.load(org.bytedeco.cuda.global.cudart.class);
        Loader.load();
    }

    private CudaKernelsNative() {
    }

    /** Largest k of {@link #bs_cuda_topk_fold}. */
    static final int MAX_K = 64;

    static native int bs_cuda_normalize_rows(FloatPointer x, long n, long d,
            @Cast("unsigned long long*") LongPointer firstBad, Pointer stream);

    static native int bs_cuda_inverse_norms(@Const FloatPointer x, long n, long d, DoublePointer inv, Pointer stream);

    static native int bs_cuda_scale_rows_cols(FloatPointer s, long rows, long cols, long ld,
            @Const DoublePointer rowScale, @Const DoublePointer colScale, Pointer stream);

    static native int bs_cuda_fill(FloatPointer x, long n, float value, Pointer stream);

    static native int bs_cuda_mexa_fold(@Const FloatPointer tile, long rows, long cols, long r0, long c0,
            FloatPointer diag, FloatPointer rowMax, FloatPointer colMax, Pointer stream);

    static native int bs_cuda_topk_fold(@Const FloatPointer tile, long rows, long cols, long r0, long c0, long k,
            FloatPointer rowVal, @Cast("int64_t*") LongPointer rowIdx, FloatPointer colVal,
            @Cast("int64_t*") LongPointer colIdx, FloatPointer diag, FloatPointer scratchVal,
            @Cast("int64_t*") LongPointer scratchIdx, long chunks, Pointer stream);

    static native int bs_cuda_option_blocks(@Cast("const float*const*") Pointer piv,
            @Cast("const float*const*") Pointer tgt, long kOptions, long nItems, long d, FloatPointer cross,
            FloatPointer pivSelf, FloatPointer tgtSelf, Pointer stream);

    static native int bs_cuda_column_means(@Const FloatPointer x, long n, long d, DoublePointer sums,
            FloatPointer mean, Pointer stream);

    static native int bs_cuda_center(@Const FloatPointer x, long n, long d, @Const FloatPointer mean,
            FloatPointer centred, Pointer stream);

    static native int bs_cuda_mirror_upper(FloatPointer m, long d, Pointer stream);

    static native int bs_cuda_subtract(@Const FloatPointer x, @Const FloatPointer y, FloatPointer out, long n,
            Pointer stream);

    static native int bs_cuda_transpose(@Const FloatPointer in, long rows, long cols, FloatPointer out,
            Pointer stream);
}
