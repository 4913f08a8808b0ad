/*
 * bs_kernels.h: the compute kernels of babelscope, as one plain C ABI.
 *
 * Every backend (CPU in kernels/cpu, CUDA in kernels/cuda) implements this header; Java reaches it
 * through JavaCPP (org.babelscope.compute). Conventions:
 *   - matrices are row-major float32, n rows x d columns, rows contiguous;
 *   - outputs are allocated by the caller, sized as documented;
 *   - every function returns BS_OK (0) or a BS_ERR_* code and then leaves a message for
 *     bs_last_error() (per thread); on failure the outputs hold unspecified values;
 *   - no C++ exception crosses this boundary.
 */
#ifndef BS_KERNELS_H
#define BS_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(BS_BUILDING_LIBRARY)
#define BS_API __attribute__((visibility("default")))
#else
#define BS_API
#endif

enum bs_status {
    BS_OK = 0,
    BS_ERR_ARGUMENT = 1,   /* a null pointer, a negative size, k out of range */
    BS_ERR_NONFINITE = 2,  /* NaN or Inf in an input */
    BS_ERR_NO_MEMORY = 3,  /* a work buffer could not be allocated */
    BS_ERR_LAPACK = 4,     /* LAPACK reported an error or did not converge */
    BS_ERR_INTERNAL = 5    /* anything else */
};

/* The message of the last failure on this thread ("" if none). Valid until the next call. */
BS_API const char *bs_last_error(void);

/* Worker threads of the OpenMP loops and of OpenBLAS; n <= 0 restores the default (all cores). */
BS_API int bs_set_num_threads(int n);
BS_API int bs_get_num_threads(void);

/* Scales every row of x (n x d) to unit L2 norm, in place. A zero row stays zero.
 * Fails with BS_ERR_NONFINITE if any value is NaN or Inf; *bad_row (if not null) then holds the
 * first such row, else -1. */
BS_API int bs_l2_normalize_rows(float *x, int64_t n, int64_t d, int64_t *bad_row);

/* out (na x nb) = cosine similarity of every row of a (na x d) with every row of b (nb x d).
 * Rows need not be normalised; a zero row has cosine 0 with everything. */
BS_API int bs_cosine_block(const float *a, int64_t na, const float *b, int64_t nb, int64_t d,
                           float *out);

/* Parameters of the tiled similarity reductions. */
typedef struct bs_reduce_params {
    int64_t k;                 /* neighbours kept per row and per column (bs_topk_reduce) */
    int64_t tile_budget_bytes; /* memory for one similarity tile; the N x N matrix is never
                                  materialised beyond it */
} bs_reduce_params;

BS_API bs_reduce_params bs_reduce_default_params(void);

/* MEXA's reduction over S = a . b^T for n aligned pairs (a, b both n x d, rows L2-normalised):
 *   diag[i]    = S[i][i]
 *   row_max[i] = max over j != i of S[i][j]      (-inf when n == 1)
 *   col_max[j] = max over i != j of S[i][j]
 * computed tile by tile (GEMM into a tile, fused max), in memory bounded by the tile budget. */
BS_API int bs_mexa_reduce(const float *a, const float *b, int64_t n, int64_t d,
                          const bs_reduce_params *params,
                          float *diag, float *row_max, float *col_max);

/* Top-k neighbours by dot product (cosine when rows are normalised) of S = a . b^T, a: na x d,
 * b: nb x d, tiled as bs_mexa_reduce. For each row i of a: row_val[i*k .. i*k+k) and row_idx the
 * k largest S[i][j] in descending order (equal values: smaller j first); likewise per column j of
 * S in col_val/col_idx (nb x k). k must be <= min(na, nb). diag (nullable, min(na, nb) values)
 * receives S[i][i], taken from the same tiles, so comparisons with it are exact. */
BS_API int bs_topk_reduce(const float *a, int64_t na, const float *b, int64_t nb, int64_t d,
                          const bs_reduce_params *params,
                          float *row_val, int64_t *row_idx, float *col_val, int64_t *col_idx,
                          float *diag);

/* K x K option blocks of a multiple-choice task, for every item (DALI, DALI_S).
 * piv[o], tgt[o] (o < k_options) point to n_items x d matrices (rows L2-normalised): option o of
 * every item in the pivot and the target language. For item i, row-major K x K blocks at
 * [i*K*K ..):
 *   cross[i][o][p]    = piv[o][i] . tgt[p][i]
 *   piv_self[i][o][p] = piv[o][i] . piv[p][i]   (nullable)
 *   tgt_self[i][o][p] = tgt[o][i] . tgt[p][i]   (nullable) */
BS_API int bs_option_blocks(const float *const *piv, const float *const *tgt, int64_t k_options,
                            int64_t n_items, int64_t d,
                            float *cross, float *piv_self, float *tgt_self);

/* Column means (d) and, if cov is not null, the sample covariance (d x d, divided by n - 1;
 * by 1 when n == 1) of the rows of x (n x d). */
BS_API int bs_mean_cov(const float *x, int64_t n, int64_t d, float *mean, float *cov);

/* c = op(a) . op(b), all row-major; op(x) is x or its transpose. a is (trans_a ? k x m : m x k),
 * b is (trans_b ? n x k : k x n), c is m x n (LinguaLIFT's X^T Y and the maps it applies). */
BS_API int bs_multiply(const float *a, int trans_a, const float *b, int trans_b, int64_t m, int64_t n, int64_t k,
                       float *c);

/* Thin SVD of a (m x n): a = u . diag(s) . vt with r = min(m, n), u: m x r (orthonormal columns),
 * s: r values in descending order, vt: r x n. a is not modified. */
BS_API int bs_svd_thin(const float *a, int64_t m, int64_t n, float *u, float *s, float *vt);

/* The k largest eigenvalues (descending) of the symmetric d x d matrix sym and their unit
 * eigenvectors, as the columns of vectors (d x k, row-major). Only the upper triangle is read. */
BS_API int bs_eigh_topk(const float *sym, int64_t d, int64_t k, float *values, float *vectors);

/* Projection of the rows of x (n x d) onto the subspace spanned by the orthonormal columns of
 * basis (d x r): in_sub = x . B . B^T, complement = x - in_sub (both n x d, each nullable). */
BS_API int bs_project(const float *x, int64_t n, int64_t d, const float *basis, int64_t r,
                      float *in_sub, float *complement);

#ifdef __cplusplus
}
#endif

#endif /* BS_KERNELS_H */
