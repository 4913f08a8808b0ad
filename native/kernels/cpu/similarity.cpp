// Similarity kernels: cosine blocks and the tiled, fused reductions behind MEXA and retrieval.
//
// The reductions never hold the full N x N similarity matrix: S = a . b^T is computed one tile
// at a time by cblas_sgemm (which uses every core), and each tile is folded into per-row and
// per-column state by an OpenMP pass while it is still warm in cache. Rows of a tile are visited
// in increasing global index and tiles in increasing order, so "first seen wins" on equal values
// gives the documented tie order (smaller index first) whatever the tile size.
#include "common.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace {

constexpr float NEG_INF = -std::numeric_limits<float>::infinity();
// Columns folded together by one thread: their state stays in L1 while the tile's rows stream by.
constexpr int64_t COLUMN_CHUNK = 64;

struct Tile {
    const float *s;  // rows x cols, row-major
    int64_t r0, rows, c0, cols;
    float at(int64_t ii, int64_t jj) const { return s[ii * cols + jj]; }
};

// Drives reducer over S = a . b^T in tiles of at most budget bytes.
// Reducer provides fold_row(tile, ii) and fold_columns(tile, jj_begin, jj_end).
template <class Reducer>
int tiled(const float *a, int64_t na, const float *b, int64_t nb, int64_t d, int64_t budget,
          Reducer &reducer) {
    if (na == 0 || nb == 0) return BS_OK;
    const int64_t floats = std::max<int64_t>(1, budget / (int64_t)sizeof(float));
    // Square-ish tiles: each sgemm then has enough work on both sides to run at full rate.
    int64_t side = std::max<int64_t>(1, (int64_t)std::sqrt((double)floats));
    int64_t tile_rows = std::min(na, side);
    int64_t tile_cols = std::min(nb, std::max<int64_t>(1, floats / tile_rows));
    if (tile_cols == nb) tile_rows = std::min(na, std::max<int64_t>(1, floats / tile_cols));
    std::vector<float> buffer((size_t)(tile_rows * tile_cols));

    for (int64_t r0 = 0; r0 < na; r0 += tile_rows) {
        const int64_t rows = std::min(tile_rows, na - r0);
        for (int64_t c0 = 0; c0 < nb; c0 += tile_cols) {
            const int64_t cols = std::min(tile_cols, nb - c0);
            if (d > 0) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)cols, (int)d,
                            1.0f, a + r0 * d, (int)d, b + c0 * d, (int)d, 0.0f, buffer.data(),
                            (int)cols);
            } else {
                std::fill(buffer.begin(), buffer.begin() + rows * cols, 0.0f);
            }
            const Tile tile{buffer.data(), r0, rows, c0, cols};
#pragma omp parallel
            {
#pragma omp for schedule(static)
                for (int64_t ii = 0; ii < rows; ii++) reducer.fold_row(tile, ii);
#pragma omp for schedule(static)
                for (int64_t jb = 0; jb < cols; jb += COLUMN_CHUNK)
                    reducer.fold_columns(tile, jb, std::min(cols, jb + COLUMN_CHUNK));
            }
        }
    }
    return BS_OK;
}

// Row and column maxima excluding the diagonal, and the diagonal itself.
struct MexaReducer {
    float *diag, *row_max, *col_max;

    void fold_row(const Tile &t, int64_t ii) const {
        const int64_t i = t.r0 + ii;
        const float *row = t.s + ii * t.cols;
        float m = row_max[i];
        const int64_t jd = i - t.c0;  // the diagonal's column inside this tile, if any
        if (jd >= 0 && jd < t.cols) {
            diag[i] = row[jd];
            for (int64_t jj = 0; jj < jd; jj++) m = std::max(m, row[jj]);
            for (int64_t jj = jd + 1; jj < t.cols; jj++) m = std::max(m, row[jj]);
        } else {
            for (int64_t jj = 0; jj < t.cols; jj++) m = std::max(m, row[jj]);
        }
        row_max[i] = m;
    }

    void fold_columns(const Tile &t, int64_t jb, int64_t je) const {
        float m[COLUMN_CHUNK];
        for (int64_t jj = jb; jj < je; jj++) m[jj - jb] = col_max[t.c0 + jj];
        for (int64_t ii = 0; ii < t.rows; ii++) {
            const float *row = t.s + ii * t.cols;
            const int64_t jd = t.r0 + ii - t.c0;
            for (int64_t jj = jb; jj < je; jj++) {
                const float v = jj == jd ? NEG_INF : row[jj];
                m[jj - jb] = std::max(m[jj - jb], v);
            }
        }
        for (int64_t jj = jb; jj < je; jj++) col_max[t.c0 + jj] = m[jj - jb];
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

    void fold_columns(const Tile &t, int64_t jb, int64_t je) const {
        for (int64_t ii = 0; ii < t.rows; ii++) {
            const float *row = t.s + ii * t.cols;
            for (int64_t jj = jb; jj < je; jj++) {
                const int64_t j = t.c0 + jj;
                if (row[jj] > col_val[j * k + k - 1])
                    topk_insert(col_val + j * k, col_idx + j * k, k, row[jj], t.r0 + ii);
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
    p.tile_budget_bytes = 64ll << 20;  // 64 MiB: a 4096 x 4096 tile
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
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)na, (int)nb, (int)d, 1.0f, a,
                    (int)d, b, (int)d, 0.0f, out, (int)nb);
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < na; i++)
            for (int64_t j = 0; j < nb; j++)
                out[i * nb + j] = (float)((double)out[i * nb + j] * ia[(size_t)i] * ib[(size_t)j]);
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
        MexaReducer reducer{diag, row_max, col_max};
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
        TopkReducer reducer{k, row_val, col_val, diag, row_idx, col_idx};
        return tiled(a, na, b, nb, d, params->tile_budget_bytes, reducer);
    });
}

}  // extern "C"
