// The reductions fused onto GEMM tiles: MEXA's row and column maxima excluding the diagonal, and
// top-k neighbours per row and per column. The Java side computes each tile of S = a . b^T with
// cuBLAS into a device buffer and calls a fold here on the same stream; the N x N matrix never
// exists. A default tile (256 MiB) is larger than any GPU's L2, so each fold reads its tile twice
// from device memory (once along rows, once down columns): by bandwidth against the GEMM's 2d
// flops per element, an estimate of a few percent of the GEMM's time at d >= 1024, not yet
// measured (bench kernels --backend cuda).
#include "common.cuh"

using namespace bs_cuda;

namespace {

constexpr int THREADS = 256;
// Rows per thread in the column passes: enough work per thread to amortise its list, enough
// chunks that a tile of a few thousand columns still fills the device.
constexpr int64_t COLUMN_CHUNK_ROWS = 256;

// One warp per tile row: maximum over the row's columns except the global diagonal.
__global__ void mexa_rows(const float *tile, int64_t rows, int64_t cols, int64_t r0, int64_t c0, float *diag,
                          float *row_max) {
    const int lane = threadIdx.x % WARP;
    const int64_t warps = (int64_t)gridDim.x * blockDim.x / WARP;
    for (int64_t ii = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / WARP; ii < rows; ii += warps) {
        const float *row = tile + ii * cols;
        const int64_t jd = r0 + ii - c0;  // the diagonal's column in this tile, if in range
        float m = -INFINITY;
        for (int64_t jj = lane; jj < cols; jj += WARP)
            if (jj != jd) m = fmaxf(m, row[jj]);
        m = warp_max(m);
        if (lane == 0) {
            row_max[r0 + ii] = fmaxf(row_max[r0 + ii], m);
            if (jd >= 0 && jd < cols) diag[r0 + ii] = row[jd];
        }
    }
}

// One thread per tile column and chunk of rows; the chunks meet in an atomic maximum.
__global__ void mexa_cols(const float *tile, int64_t rows, int64_t cols, int64_t r0, int64_t c0,
                          int64_t chunk_rows, float *col_max) {
    const int64_t jj = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (jj >= cols) return;
    const int64_t ib = (int64_t)blockIdx.y * chunk_rows;
    const int64_t ie = ib + chunk_rows < rows ? ib + chunk_rows : rows;
    const int64_t id = c0 + jj - r0;  // the diagonal's row in this tile, if in range
    float m = -INFINITY;
    for (int64_t ii = ib; ii < ie; ii++)
        if (ii != id) m = fmaxf(m, tile[ii * cols + jj]);
    if (m > -INFINITY) atomic_max(col_max + c0 + jj, m);
}

// One warp per tile row: each lane keeps the best k of its columns, lane 0 also the row's list so
// far; k rounds of a warp-wide arg-best then write the merged list back.
__global__ void topk_rows(const float *tile, int64_t rows, int64_t cols, int64_t r0, int64_t c0, int k,
                          float *row_val, int64_t *row_idx, float *diag) {
    const int lane = threadIdx.x % WARP;
    const int64_t warps = (int64_t)gridDim.x * blockDim.x / WARP;
    float v[BS_CUDA_MAX_K];
    long long id[BS_CUDA_MAX_K];
    for (int64_t ii = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / WARP; ii < rows; ii += warps) {
        const int64_t i = r0 + ii;
        const float *row = tile + ii * cols;
        for (int t = 0; t < k; t++) {
            v[t] = -INFINITY;
            id[t] = -1;
        }
        for (int64_t jj = lane; jj < cols; jj += WARP) insert(v, id, k, row[jj], (long long)(c0 + jj));
        if (lane == 0) {
            for (int t = 0; t < k; t++)
                if (!insert(v, id, k, row_val[i * k + t], (long long)row_idx[i * k + t])) break;
            const int64_t jd = i - c0;
            if (diag && jd >= 0 && jd < cols) diag[i] = row[jd];
        }
        int head = 0;
        for (int t = 0; t < k; t++) {
            float bv = head < k ? v[head] : -INFINITY;
            long long bi = head < k ? id[head] : -1;
            int bl = lane;
            for (int off = WARP / 2; off > 0; off /= 2) {
                const float ov = __shfl_xor_sync(0xffffffffu, bv, off);
                const long long oi = __shfl_xor_sync(0xffffffffu, bi, off);
                const int ol = __shfl_xor_sync(0xffffffffu, bl, off);
                // Empty slots (-inf, -1) can tie across lanes: the lane number settles them, so
                // that every lane agrees on one winner.
                if (better(ov, oi, bv, bi) || (ov == bv && oi == bi && ol < bl)) {
                    bv = ov;
                    bi = oi;
                    bl = ol;
                }
            }
            if (lane == 0) {
                row_val[i * k + t] = bv;
                row_idx[i * k + t] = (int64_t)bi;
            }
            if (lane == bl) head++;
        }
    }
}

// One thread per tile column and chunk of rows: the best k of the chunk, into scratch.
__global__ void topk_cols_partial(const float *tile, int64_t rows, int64_t cols, int64_t r0, int k,
                                  int64_t chunk_rows, float *scratch_val, int64_t *scratch_idx) {
    const int64_t jj = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (jj >= cols) return;
    const int64_t c = blockIdx.y;
    const int64_t ib = c * chunk_rows;
    const int64_t ie = ib + chunk_rows < rows ? ib + chunk_rows : rows;
    float v[BS_CUDA_MAX_K];
    long long id[BS_CUDA_MAX_K];
    for (int t = 0; t < k; t++) {
        v[t] = -INFINITY;
        id[t] = -1;
    }
    for (int64_t ii = ib; ii < ie; ii++) insert(v, id, k, tile[ii * cols + jj], (long long)(r0 + ii));
    const int64_t out = (c * cols + jj) * k;
    for (int t = 0; t < k; t++) {
        scratch_val[out + t] = v[t];
        scratch_idx[out + t] = (int64_t)id[t];
    }
}

// One thread per tile column: the column's list so far merged with every chunk's list.
__global__ void topk_cols_merge(int64_t cols, int64_t c0, int k, int64_t chunks, const float *scratch_val,
                                const int64_t *scratch_idx, float *col_val, int64_t *col_idx) {
    const int64_t jj = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (jj >= cols) return;
    const int64_t j = c0 + jj;
    float v[BS_CUDA_MAX_K];
    long long id[BS_CUDA_MAX_K];
    for (int t = 0; t < k; t++) {
        v[t] = col_val[j * k + t];
        id[t] = (long long)col_idx[j * k + t];
    }
    for (int64_t c = 0; c < chunks; c++) {
        const int64_t in = (c * cols + jj) * k;
        // Each chunk's list is sorted: once an entry fails to enter, the rest cannot.
        for (int t = 0; t < k; t++)
            if (!insert(v, id, k, scratch_val[in + t], (long long)scratch_idx[in + t])) break;
    }
    for (int t = 0; t < k; t++) {
        col_val[j * k + t] = v[t];
        col_idx[j * k + t] = (int64_t)id[t];
    }
}

}  // namespace

extern "C" {

int bs_cuda_mexa_fold(const float *tile, int64_t rows, int64_t cols, int64_t r0, int64_t c0, float *diag,
                      float *row_max, float *col_max, void *stream) {
    clear_stale_error();
    if (rows <= 0 || cols <= 0) return 0;
    cudaStream_t s = as_stream(stream);
    mexa_rows<<<grid_for(rows, THREADS / WARP), THREADS, 0, s>>>(tile, rows, cols, r0, c0, diag, row_max);
    int rc = launched();
    if (rc) return rc;
    // Chunks of COLUMN_CHUNK_ROWS rows, more per chunk when gridDim.y would pass its limit.
    int64_t chunks = (rows + COLUMN_CHUNK_ROWS - 1) / COLUMN_CHUNK_ROWS;
    if (chunks > MAX_GRID_Y) chunks = MAX_GRID_Y;
    const int64_t chunk_rows = (rows + chunks - 1) / chunks;
    dim3 grid((unsigned)((cols + THREADS - 1) / THREADS), (unsigned)((rows + chunk_rows - 1) / chunk_rows));
    mexa_cols<<<grid, THREADS, 0, s>>>(tile, rows, cols, r0, c0, chunk_rows, col_max);
    return launched();
}

int bs_cuda_topk_fold(const float *tile, int64_t rows, int64_t cols, int64_t r0, int64_t c0, int64_t k,
                      float *row_val, int64_t *row_idx, float *col_val, int64_t *col_idx, float *diag,
                      float *scratch_val, int64_t *scratch_idx, int64_t chunks, void *stream) {
    clear_stale_error();
    if (rows <= 0 || cols <= 0) return 0;
    if (k < 1 || k > BS_CUDA_MAX_K || chunks < 1) return (int)cudaErrorInvalidValue;
    cudaStream_t s = as_stream(stream);
    topk_rows<<<grid_for(rows, THREADS / WARP), THREADS, 0, s>>>(tile, rows, cols, r0, c0, (int)k, row_val,
                                                                 row_idx, diag);
    int rc = launched();
    if (rc) return rc;
    if (chunks > rows) chunks = rows;
    if (chunks > MAX_GRID_Y) chunks = MAX_GRID_Y;
    const int64_t chunk_rows = (rows + chunks - 1) / chunks;
    chunks = (rows + chunk_rows - 1) / chunk_rows;
    const unsigned col_blocks = (unsigned)((cols + THREADS - 1) / THREADS);
    topk_cols_partial<<<dim3(col_blocks, (unsigned)chunks), THREADS, 0, s>>>(tile, rows, cols, r0, (int)k,
                                                                            chunk_rows, scratch_val, scratch_idx);
    if ((rc = launched())) return rc;
    topk_cols_merge<<<col_blocks, THREADS, 0, s>>>(cols, c0, (int)k, chunks, scratch_val, scratch_idx, col_val,
                                                   col_idx);
    return launched();
}

}  // extern "C"
