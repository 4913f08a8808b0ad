// Similarity kernels: cosine blocks and the tiled, fused reductions behind MEXA and retrieval.
//
// The reductions never hold the full N x N similarity matrix: S = a . b^T is computed one tile
// at a time, and each OpenMP thread computes its own block of the tile's rows with a
// single-threaded sgemm and folds it at once, while it is warm in cache, into per-row state
// (its own rows) and per-thread column state; the threads' column states are then merged in
// thread order. Rows are thus visited in increasing global index for every column and row, so
// "first seen wins" on equal values gives the documented tie order (smaller index first)
// whatever the tile size and the thread count.
#include "common.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace {

constexpr float NEG_INF = -std::numeric_limits<float>::infinity();

struct Tile {
    const float *s;  // rows x cols, row-major
    int64_t r0, rows, c0, cols;
};

// Drives reducer over S = a . b^T in tiles of at most budget bytes. A Reducer provides
//   void start(int threads, int64_t tile_cols)               once, before the first tile
//   void fold_row(const Tile&, int64_t ii)                    row ii of the tile, by its thread
//   void fold_columns(const Tile&, int64_t ib, int64_t ie, int t)  rows [ib, ie) into thread t's
//                                                              column state (reset first)
//   void merge_columns(const Tile&, int64_t jb, int64_t je, int threads)
template <class Reducer>
int tiled(const float *a, int64_t na, const float *b, int64_t nb, int64_t d, int64_t budget,
          Reducer &reducer) {
    if (na == 0 || nb == 0) return BS_OK;
    const int64_t floats = std::max<int64_t>(1, budget / (int64_t)sizeof(float));
    // Square-ish tiles: each thread's sgemm then has enough work on both sides to run at full rate.
    int64_t side = std::max<int64_t>(1, (int64_t)std::sqrt((double)floats));
    int64_t tile_rows = std::min(na, side);
    int64_t tile_cols = std::min(nb, std::max<int64_t>(1, floats / tile_rows));
    if (tile_cols == nb) tile_rows = std::min(na, std::max<int64_t>(1, floats / tile_cols));
    std::vector<float> buffer((size_t)(tile_rows * tile_cols));
    const int threads = omp_get_max_threads();
    reducer.start(threads, tile_cols);

    bs::BlasSingleThreaded guard;
    for (int64_t r0 = 0; r0 < na; r0 += tile_rows) {
        const int64_t rows = std::min(tile_rows, na - r0);
        for (int64_t c0 = 0; c0 < nb; c0 += tile_cols) {
            const int64_t cols = std::min(tile_cols, nb - c0);
            const Tile tile{buffer.data(), r0, rows, c0, cols};
#pragma omp parallel num_threads(threads)
            {
                const int nt = omp_get_num_threads(), t = omp_get_thread_num();
                const int64_t ib = rows * t / nt, ie = rows * (t + 1) / nt;
                float *block = buffer.data() + ib * cols;
                if (ie > ib && d > 0) {
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(ie - ib), (int)cols,
                                (int)d, 1.0f, a + (r0 + ib) * d, (int)d, b + c0 * d, (int)d, 0.0f,
                                block, (int)cols);
                } else if (ie > ib) {
                    std::fill(block, block + (ie - ib) * cols, 0.0f);
                }
                for (int64_t ii = ib; ii < ie; ii++) reducer.fold_row(tile, ii);
                reducer.fold_columns(tile, ib, ie, t);
#pragma omp barrier
                // Columns in chunks of 64: each merge touches every thread's state for them once.
#pragma omp for schedule(static)
                for (int64_t jb = 0; jb < cols; jb += 64)
                    reducer.merge_columns(tile, jb, std::min(cols, jb + 64), nt);
            }
        }
    }
    return BS_OK;
}

// Row and column maxima excluding the diagonal, and the diagonal itself.
struct MexaReducer {
    float *diag, *row_max, *col_max;
    std::vector<std::vector<float>> local;  // per thread: column maxima of its rows in this tile

    void start(int threads, int64_t tile_cols) {
        local.assign((size_t)threads, std::vector<float>((size_t)tile_cols));
    }

    void fold_row(const Tile &t, int64_t ii) const {
        const int64_t i = t.r0 + ii;
        const float *row = t.s + ii * t.cols;
        float m = row_max[i];
        const int64_t jd = i - t.c0;  // the diagonal's column inside this tile, if any
        const int64_t skip = (jd >= 0 && jd < t.cols) ? jd : t.cols;
        if (skip < t.cols) diag[i] = row[skip];
#pragma omp simd reduction(max : m)
        for (int64_t jj = 0; jj < skip; jj++) m = std::max(m, row[jj]);
#pragma omp simd reduction(max : m)
        for (int64_t jj = skip + 1; jj < t.cols; jj++) m = std::max(m, row[jj]);
        row_max[i] = m;
    }

    void fold_columns(const Tile &t, int64_t ib, int64_t ie, int thread) {
        float *m = local[(size_t)thread].data();
        std::fill(m, m + t.cols, NEG_INF);
        for (int64_t ii = ib; ii < ie; ii++) {
            const float *row = t.s + ii * t.cols;
            const int64_t jd = t.r0 + ii - t.c0;  // the diagonal does not count
            const int64_t skip = (jd >= 0 && jd < t.cols) ? jd : t.cols;
#pragma omp simd
            for (int64_t jj = 0; jj < skip; jj++) m[jj] = std::max(m[jj], row[jj]);
#pragma omp simd
            for (int64_t jj = skip + 1; jj < t.cols; jj++) m[jj] = std::max(m[jj], row[jj]);
        }
    }

    void merge_columns(const Tile &t, int64_t jb, int64_t je, int threads) const {
        for (int th = 0; th < threads; th++) {
            const float *m = local[(size_t)th].data();
            for (int64_t jj = jb; jj < je; jj++)
                col_max[t.c0 + jj] = std::max(col_max[t.c0 + jj], m[jj]);
        }
    }
};

// A descending list of the k best (value, index) pairs; equal values keep the earlier arrival.
inline void topk_insert(float *vals, int64_t *idx, int64_t k, float v, int64_t j) {
    if (!(v > vals[k - 1])) return;
    int64_t p = k - 1;
    while (p > 0 && v > vals[p - 1]) {
        vals[p] = vals[p - 1];
        idx[p] = idx[p - 1];
        p--;
    }
    vals[p] = v;
    idx[p] = j;
}

struct TopkReducer {
    int64_t k;
    float *row_val, *col_val, *diag;
    int64_t *row_idx, *col_idx;
    // per thread: the k best rows of each column of the tile among that thread's rows
    std::vector<std::vector<float>> local_val;
    std::vector<std::vector<int64_t>> local_idx;

    void start(int threads, int64_t tile_cols) {
        local_val.assign((size_t)threads, std::vector<float>((size_t)(tile_cols * k)));
        local_idx.assign((size_t)threads, std::vector<int64_t>((size_t)(tile_cols * k)));
    }

    void fold_row(const Tile &t, int64_t ii) const {
        const int64_t i = t.r0 + ii;
        const float *row = t.s + ii * t.cols;
        float *vals = row_val + i * k;
        int64_t *idx = row_idx + i * k;
        const int64_t jd = i - t.c0;
        if (diag && jd >= 0 && jd < t.cols) diag[i] = row[jd];
        float floor = vals[k - 1];
        for (int64_t jj = 0; jj < t.cols; jj++) {
            if (row[jj] > floor) {  // the common case is a cheap rejection
                topk_insert(vals, idx, k, row[jj], t.c0 + jj);
                floor = vals[k - 1];
            }
        }
    }

    void fold_columns(const Tile &t, int64_t ib, int64_t ie, int thread) {
        float *vals = local_val[(size_t)thread].data();
        int64_t *idx = local_idx[(size_t)thread].data();
        std::fill(vals, vals + t.cols * k, NEG_INF);
        std::fill(idx, idx + t.cols * k, (int64_t)-1);
        for (int64_t ii = ib; ii < ie; ii++) {
            const float *row = t.s + ii * t.cols;
            for (int64_t jj = 0; jj < t.cols; jj++) {
                if (row[jj] > vals[jj * k + k - 1])
                    topk_insert(vals + jj * k, idx + jj * k, k, row[jj], t.r0 + ii);
            }
        }
    }

    void merge_columns(const Tile &t, int64_t jb, int64_t je, int threads) const {
        for (int th = 0; th < threads; th++) {
            const float *vals = local_val[(size_t)th].data();
            const int64_t *idx = local_idx[(size_t)th].data();
            for (int64_t jj = jb; jj < je; jj++) {
                const int64_t j = t.c0 + jj;
                for (int64_t r = 0; r < k && vals[jj * k + r] > NEG_INF; r++)
                    topk_insert(col_val + j * k, col_idx + j * k, k, vals[jj * k + r], idx[jj * k + r]);
            }
        }
    }
};

int check_pair(const float *a, int64_t na, const float *b, int64_t nb, int64_t d) {
    if (bs::bad_size(na) || bs::bad_size(nb) || bs::bad_size(d))
        return bs::fail(BS_ERR_ARGUMENT, "negative size na=%lld nb=%lld d=%lld", (long long)na,
                        (long long)nb, (long long)d);
    if ((na > 0 && d > 0 && !a) || (nb > 0 && d > 0 && !b))
        return bs::fail(BS_ERR_ARGUMENT, "input matrix is null");
    if (na > INT32_MAX || nb > INT32_MAX || d > INT32_MAX)
        return bs::fail(BS_ERR_ARGUMENT, "a dimension exceeds the BLAS limit of 2^31-1");
    return BS_OK;
}

int check_budget(const bs_reduce_params *p) {
    if (!p) return bs::fail(BS_ERR_ARGUMENT, "params is null");
    if (p->tile_budget_bytes < (int64_t)sizeof(float))
        return bs::fail(BS_ERR_ARGUMENT, "tile budget of %lld bytes holds no value",
                        (long long)p->tile_budget_bytes);
    return BS_OK;
}

std::vector<double> inverse_norms(const float *x, int64_t n, int64_t d) {
    std::vector<double> inv((size_t)n);
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) {
        double ss = 0.0;
        const float *row = x + i * d;
#pragma omp simd reduction(+ : ss)
        for (int64_t j = 0; j < d; j++) ss += (double)row[j] * (double)row[j];
        inv[(size_t)i] = ss > 0.0 ? 1.0 / std::sqrt(ss) : 0.0;
    }
    return inv;
}

}  // namespace

extern "C" {

bs_reduce_params bs_reduce_default_params(void) {
    bs_reduce_params p;
    p.k = 4;
    p.tile_budget_bytes = 32ll << 20;  // 32 MiB: near the caches (see Backends.DEFAULT_TILE_BUDGET)
    return p;
}

int bs_cosine_block(const float *a, int64_t na, const float *b, int64_t nb, int64_t d, float *out) {
    return bs::guarded([&]() -> int {
        if (int rc = check_pair(a, na, b, nb, d)) return rc;
        if (na == 0 || nb == 0) return BS_OK;
        if (!out) return bs::fail(BS_ERR_ARGUMENT, "out is null");
        if (d == 0) {
            std::fill(out, out + na * nb, 0.0f);
            return BS_OK;
        }
        const std::vector<double> ia = inverse_norms(a, na, d), ib = inverse_norms(b, nb, d);
        bs::parallel_row_blocks(na, [&](int64_t begin, int64_t end) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(end - begin), (int)nb, (int)d,
                        1.0f, a + begin * d, (int)d, b, (int)d, 0.0f, out + begin * nb, (int)nb);
            for (int64_t i = begin; i < end; i++)
                for (int64_t j = 0; j < nb; j++)
                    out[i * nb + j] = (float)((double)out[i * nb + j] * ia[(size_t)i] * ib[(size_t)j]);
        });
        return BS_OK;
    });
}

int bs_mexa_reduce(const float *a, const float *b, int64_t n, int64_t d,
                   const bs_reduce_params *params, float *diag, float *row_max, float *col_max) {
    return bs::guarded([&]() -> int {
        if (int rc = check_pair(a, n, b, n, d)) return rc;
        if (int rc = check_budget(params)) return rc;
        if (n > 0 && (!diag || !row_max || !col_max))
            return bs::fail(BS_ERR_ARGUMENT, "an output buffer is null");
        std::fill(row_max, row_max + n, NEG_INF);
        std::fill(col_max, col_max + n, NEG_INF);
        MexaReducer reducer{diag, row_max, col_max, {}};
        return tiled(a, n, b, n, d, params->tile_budget_bytes, reducer);
    });
}

int bs_topk_reduce(const float *a, int64_t na, const float *b, int64_t nb, int64_t d,
                   const bs_reduce_params *params, float *row_val, int64_t *row_idx,
                   float *col_val, int64_t *col_idx, float *diag) {
    return bs::guarded([&]() -> int {
        if (int rc = check_pair(a, na, b, nb, d)) return rc;
        if (int rc = check_budget(params)) return rc;
        const int64_t k = params->k;
        if (na == 0 || nb == 0) return BS_OK;
        if (k < 1 || k > std::min(na, nb))
            return bs::fail(BS_ERR_ARGUMENT, "k=%lld must be in [1, min(na, nb) = %lld]",
                            (long long)k, (long long)std::min(na, nb));
        if (!row_val || !row_idx || !col_val || !col_idx)
            return bs::fail(BS_ERR_ARGUMENT, "an output buffer is null");
        std::fill(row_val, row_val + na * k, NEG_INF);
        std::fill(row_idx, row_idx + na * k, (int64_t)-1);
        std::fill(col_val, col_val + nb * k, NEG_INF);
        std::fill(col_idx, col_idx + nb * k, (int64_t)-1);
        TopkReducer reducer{k, row_val, col_val, diag, row_idx, col_idx, {}, {}};
        return tiled(a, na, b, nb, d, params->tile_budget_bytes, reducer);
    });
}

}  // extern "C"
