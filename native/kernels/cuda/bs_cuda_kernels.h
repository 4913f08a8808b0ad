/*
 * bs_cuda_kernels.h: the hand-written CUDA kernels of babelscope, as one plain C ABI.
 *
 * These are the parts of the CUDA backend that cuBLAS and cuSOLVER do not provide: row norms, the
 * reductions fused onto GEMM tiles (MEXA, top-k), the per-item K x K option blocks (DALI), column
 * means and small element-wise passes. The GEMMs and factorisations themselves are called from
 * Java through the JavaCPP CUDA presets (org.babelscope.compute.CudaKernels), which also own the
 * device memory and the stream.
 *
 * Conventions:
 *   - every pointer is a device pointer; matrices are row-major float32 with contiguous rows;
 *   - `stream` is a cudaStream_t passed as void*, so that this header (and the JNI glue compiled
 *     against it) needs no CUDA header;
 *   - every function only enqueues work on the stream and returns the cudaError_t of its launches
 *     (0 = success); a failure inside a kernel surfaces at the caller's next synchronisation;
 *   - sizes are int64_t; a size of 0 launches nothing.
 */
#ifndef BS_CUDA_KERNELS_H
#define BS_CUDA_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(BS_BUILDING_LIBRARY)
#define BS_CUDA_API __attribute__((visibility("default")))
#else
#define BS_CUDA_API
#endif

/* The largest k bs_cuda_topk_fold keeps per row and column (its lists live in registers and
 * local memory of one thread). */
#define BS_CUDA_MAX_K 64

/* Scales every row of x (n x d) to unit L2 norm in place (sums in double); zero rows stay zero.
 * A row holding NaN or Inf is left as it is and *first_bad (which the caller sets to
 * UINT64_MAX beforehand) is lowered to the smallest such row index. */
BS_CUDA_API int bs_cuda_normalize_rows(float *x, int64_t n, int64_t d, unsigned long long *first_bad,
                                       void *stream);

/* inv[i] = 1 / ||x[i]|| in double (0 for a zero row): the cosine block of rows that are not
 * normalised scales a GEMM's output by these. */
BS_CUDA_API int bs_cuda_inverse_norms(const float *x, int64_t n, int64_t d, double *inv, void *stream);

/* s[i][j] = (float)(s[i][j] * row_scale[i] * col_scale[j]) in double, as the CPU kernels round it;
 * s is rows x cols with row stride ld. */
BS_CUDA_API int bs_cuda_scale_rows_cols(float *s, int64_t rows, int64_t cols, int64_t ld,
                                        const double *row_scale, const double *col_scale, void *stream);

/* Fills n floats with value (the reductions start from -inf). */
BS_CUDA_API int bs_cuda_fill(float *x, int64_t n, float value, void *stream);

/* Folds one tile of S = a . b^T into MEXA's state. tile is rows x cols (row stride cols) and holds
 * S[r0 + ii][c0 + jj]. For every global row i in the tile: row_max[i] = max(row_max[i], S[i][j])
 * over the tile's j != i, and diag[i] = S[i][i] when column i is in the tile; for every global
 * column j: col_max[j] likewise over i != j. Maxima are exact whatever the order of tiles. */
BS_CUDA_API int bs_cuda_mexa_fold(const float *tile, int64_t rows, int64_t cols, int64_t r0, int64_t c0,
                                  float *diag, float *row_max, float *col_max, void *stream);

/* Folds one tile (as bs_cuda_mexa_fold) into top-k lists, k <= BS_CUDA_MAX_K, ordered by value
 * descending and, on equal values, index ascending; that order is total, so the result does not
 * depend on how the tiles or the threads split the work. row_val/row_idx hold k entries per row
 * of a (global index), col_val/col_idx k per row of b; empty slots are (-inf, -1) and the caller
 * initialises them so. diag (nullable) receives S[i][i] when column i is in the tile.
 * scratch_val/scratch_idx hold chunks * cols * k entries: the per-column pass splits the tile's
 * rows into that many chunks, each kept by one thread, and then merges them. */
BS_CUDA_API int bs_cuda_topk_fold(const float *tile, int64_t rows, int64_t cols, int64_t r0, int64_t c0,
                                  int64_t k, float *row_val, int64_t *row_idx, float *col_val,
                                  int64_t *col_idx, float *diag, float *scratch_val,
                                  int64_t *scratch_idx, int64_t chunks, void *stream);

/* K x K option blocks for every item (DALI, DALI_S), as bs_option_blocks of the CPU kernels.
 * piv and tgt are device arrays of k_options device pointers, each to an n_items x d matrix.
 * cross, piv_self and tgt_self (the last two nullable) are n_items x K x K. Each embedding row
 * is read from device memory once; the pairs of one item are formed from cache. */
BS_CUDA_API int bs_cuda_option_blocks(const float *const *piv, const float *const *tgt, int64_t k_options,
                                      int64_t n_items, int64_t d, float *cross, float *piv_self,
                                      float *tgt_self, void *stream);

/* Column sums of x (n x d) in double into sums (d doubles, zeroed by this call), then
 * mean[j] = sums[j] / n in float. */
BS_CUDA_API int bs_cuda_column_means(const float *x, int64_t n, int64_t d, double *sums, float *mean,
                                     void *stream);

/* centred[i][j] = x[i][j] - mean[j] (both n x d; may alias). */
BS_CUDA_API int bs_cuda_center(const float *x, int64_t n, int64_t d, const float *mean, float *centred,
                               void *stream);

/* Copies the upper triangle of the symmetric d x d matrix m (as cuBLAS's syrk leaves it in
 * column-major storage, i.e. element (r, c) at c*d + r with r <= c) onto the lower one, so that
 * m is exactly symmetric. */
BS_CUDA_API int bs_cuda_mirror_upper(float *m, int64_t d, void *stream);

/* out[i] = x[i] - y[i] for n values (out may alias x). */
BS_CUDA_API int bs_cuda_subtract(const float *x, const float *y, float *out, int64_t n, void *stream);

/* out (cols x rows, row-major) = the transpose of in (rows x cols, row-major). */
BS_CUDA_API int bs_cuda_transpose(const float *in, int64_t rows, int64_t cols, float *out, void *stream);

#ifdef __cplusplus
}
#endif

#endif /* BS_CUDA_KERNELS_H */
