package org.babelscope.compute;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP mapping of native/kernels/bs_kernels.h as built for the CPU (libbs_kernels.so). Only
 * {@link CpuKernels} uses it; the rest of the code sees {@link Kernels}.
 */
@Platform(include = "bs_kernels.h", link = "bs_kernels", preload = "gomp@.1")
final class CpuKernelsNative {
    static {
        // libbs_kernels needs libopenblas.so.0: loading OpenBLAS's own presets first puts that
        // SONAME in the process, where the dynamic linker then finds it.
        Loader.load(org.bytedeco.openblas.global.openblas.class);
        Loader.load();
    }

    private CpuKernelsNative() {
    }

    static final int BS_OK = 0;
    static final int BS_ERR_ARGUMENT = 1;
    static final int BS_ERR_NONFINITE = 2;
    static final int BS_ERR_NO_MEMORY = 3;
    static final int BS_ERR_LAPACK = 4;

    @Name("bs_reduce_params")
    static final class ReduceParams extends Pointer {
        static {
            Loader.load();
        }

        ReduceParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        native long k();

        native ReduceParams k(long k);

        native long tile_budget_bytes();

        native ReduceParams tile_budget_bytes(long bytes);
    }

    static native @Cast("const char*") BytePointer bs_last_error();

    static native int bs_set_num_threads(int n);

    static native int bs_get_num_threads();

    static native int bs_l2_normalize_rows(FloatPointer x, long n, long d, @Cast("int64_t*") LongPointer badRow);

    static native int bs_cosine_block(@Const FloatPointer a, long na, @Const FloatPointer b, long nb, long d,
            FloatPointer out);

    static native int bs_mexa_reduce(@Const FloatPointer a, @Const FloatPointer b, long n, long d,
            @Const ReduceParams params, FloatPointer diag, FloatPointer rowMax, FloatPointer colMax);

    static native int bs_topk_reduce(@Const FloatPointer a, long na, @Const FloatPointer b, long nb, long d,
            @Const ReduceParams params, FloatPointer rowVal, @Cast("int64_t*") LongPointer rowIdx,
            FloatPointer colVal, @Cast("int64_t*") LongPointer colIdx, FloatPointer diag);

    static native int bs_option_blocks(@Cast("const float*const*") PointerPointer piv,
            @Cast("const float*const*") PointerPointer tgt, long kOptions, long nItems, long d,
            FloatPointer cross, FloatPointer pivSelf, FloatPointer tgtSelf);

    static native int bs_mean_cov(@Const FloatPointer x, long n, long d, FloatPointer mean, FloatPointer cov);

    static native int bs_multiply(@Const FloatPointer a, int transA, @Const FloatPointer b, int transB, long m,
            long n, long k, FloatPointer c);

    static native int bs_svd_thin(@Const FloatPointer a, long m, long n, FloatPointer u, FloatPointer s,
            FloatPointer vt);

    static native int bs_eigh_topk(@Const FloatPointer sym, long d, long k, FloatPointer values,
            FloatPointer vectors);

    static native int bs_project(@Const FloatPointer x, long n, long d, @Const FloatPointer basis, long r,
            FloatPointer inSub, FloatPointer complement);
}
