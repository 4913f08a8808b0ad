// Row norms, column means and the small element-wise passes of the CUDA backend. All memory-bound:
// one warp per row where a row is reduced (coalesced reads along the row), grid-stride loops
// elsewhere.
#include "common.cuh"

using namespace bs_cuda;

namespace {

// Sum of squares of row i in double (as the CPU kernels), reduced over the warp: every lane
// returns the same value.
__device__ double row_square_sum(const float *row, int64_t d, int lane) {
    double ss = 0.0;
    for (int64_t j = lane; j < d; j += WARP) {
        const double v = row[j];
        ss += v * v;
    }
    return warp_sum(ss);
}

__global__ void normalize_rows(float *x, int64_t n, int64_t d, unsigned long long *first_bad) {
    const int lane = threadIdx.x % WARP;
    const int64_t warps = (int64_t)gridDim.x * blockDim.x / WARP;
    for (int64_t i = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / WARP; i < n; i += warps) {
        float *row = x + i * d;
        const double ss = row_square_sum(row, d, lane);
        if (!isfinite(ss)) {
            if (lane == 0) atomicMin(first_bad, (unsigned long long)i);
            continue;
        }
        if (ss == 0.0) continue; // a zero row stays zero: cosine 0 with anything
        // In double: 1 / |row| overflows float for a row of subnormal floats (|row| ~ 1e-42).
        const double inv = 1.0 / sqrt(ss);
        for (int64_t j = lane; j < d; j += WARP) row[j] = (float)((double)row[j] * inv);
    }
}

__global__ void inverse_norms(const float *x, int64_t n, int64_t d, double *inv) {
    const int lane = threadIdx.x % WARP;
    const int64_t warps = (int64_t)gridDim.x * blockDim.x / WARP;
    for (int64_t i = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / WARP; i < n; i += warps) {
        const double ss = row_square_sum(x + i * d, d, lane);
        if (lane == 0) inv[i] = ss > 0.0 ? 1.0 / sqrt(ss) : 0.0;
    }
}

__global__ void scale_rows_cols(float *s, int64_t rows, int64_t cols, int64_t ld, const double *rs,
                                const double *cs) {
    const int64_t total = rows * cols, step = (int64_t)gridDim.x * blockDim.x;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < total; e += step) {
        const int64_t i = e / cols, j = e % cols;
        s[i * ld + j] = (float)((double)s[i * ld + j] * rs[i] * cs[j]);
    }
}

__global__ void fill(float *x, int64_t n, float value) {
    const int64_t step = (int64_t)gridDim.x * blockDim.x;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < n; e += step) x[e] = value;
}

// Thread j of block column blockIdx.x sums column j over one chunk of rows (blockIdx.y): reads
// along a row are coalesced across the warp; the chunks meet in a double atomicAdd.
__global__ void column_sums(const float *x, int64_t n, int64_t d, int64_t chunk_rows, double *sums) {
    const int64_t j = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= d) return;
    const int64_t ib = (int64_t)blockIdx.y * chunk_rows;
    const int64_t ie = ib + chunk_rows < n ? ib + chunk_rows : n;
    double s = 0.0;
    for (int64_t i = ib; i < ie; i++) s += x[i * d + j];
    atomicAdd(sums + j, s);
}

__global__ void divide(const double *sums, int64_t d, double n, float *mean) {
    const int64_t j = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (j < d) mean[j] = (float)(sums[j] / n);
}

__global__ void center(const float *x, int64_t n, int64_t d, const float *mean, float *out) {
    const int64_t total = n * d, step = (int64_t)gridDim.x * blockDim.x;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < total; e += step)
        out[e] = x[e] - mean[e % d];
}

__global__ void mirror_upper(float *m, int64_t d) {
    const int64_t total = d * d, step = (int64_t)gridDim.x * blockDim.x;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < total; e += step) {
        const int64_t r = e % d, c = e / d;  // element (r, c), column-major
        if (r > c) m[c * d + r] = m[r * d + c];
    }
}

__global__ void subtract(const float *x, const float *y, float *out, int64_t n) {
    const int64_t step = (int64_t)gridDim.x * blockDim.x;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < n; e += step) out[e] = x[e] - y[e];
}

// 32 x 32 tiles through shared memory, so that both the reads and the writes are coalesced. Block
// rows past gridDim.y's limit (tall matrices) are taken in turn by the same blocks.
__global__ void transpose(const float *in, int64_t rows, int64_t cols, float *out) {
    __shared__ float tile[32][33];
    const int64_t c = (int64_t)blockIdx.x * 32 + threadIdx.x;
    const int64_t block_rows = (rows + 31) / 32;
    for (int64_t by = blockIdx.y; by < block_rows; by += gridDim.y) {
        for (int dy = threadIdx.y; dy < 32; dy += blockDim.y) {
            const int64_t r = by * 32 + dy;
            if (r < rows && c < cols) tile[dy][threadIdx.x] = in[r * cols + c];
        }
        __syncthreads();
        const int64_t oc = by * 32 + threadIdx.x;  // a row of in, a column of out
        for (int dy = threadIdx.y; dy < 32; dy += blockDim.y) {
            const int64_t orow = (int64_t)blockIdx.x * 32 + dy;  // a column of in, a row of out
            if (orow < cols && oc < rows) out[orow * rows + oc] = tile[threadIdx.x][dy];
        }
        __syncthreads();  // the tile is refilled by the next block row
    }
}

constexpr int THREADS = 256;

}  // namespace

extern "C" {

int bs_cuda_normalize_rows(float *x, int64_t n, int64_t d, unsigned long long *first_bad, void *stream) {
    clear_stale_error();
    if (n <= 0 || d <= 0) return 0;
    normalize_rows<<<grid_for(n, THREADS / WARP), THREADS, 0, as_stream(stream)>>>(x, n, d, first_bad);
    return launched();
}

int bs_cuda_inverse_norms(const float *x, int64_t n, int64_t d, double *inv, void *stream) {
    clear_stale_error();
    if (n <= 0) return 0;
    inverse_norms<<<grid_for(n, THREADS / WARP), THREADS, 0, as_stream(stream)>>>(x, n, d, inv);
    return launched();
}

int bs_cuda_scale_rows_cols(float *s, int64_t rows, int64_t cols, int64_t ld, const double *row_scale,
                            const double *col_scale, void *stream) {
    clear_stale_error();
    if (rows <= 0 || cols <= 0) return 0;
    scale_rows_cols<<<grid_for(rows * cols, THREADS), THREADS, 0, as_stream(stream)>>>(s, rows, cols, ld,
                                                                                      row_scale, col_scale);
    return launched();
}

int bs_cuda_fill(float *x, int64_t n, float value, void *stream) {
    clear_stale_error();
    if (n <= 0) return 0;
    fill<<<grid_for(n, THREADS), THREADS, 0, as_stream(stream)>>>(x, n, value);
    return launched();
}

int bs_cuda_column_means(const float *x, int64_t n, int64_t d, double *sums, float *mean, void *stream) {
    clear_stale_error();
    if (n <= 0 || d <= 0) return 0;
    cudaStream_t s = as_stream(stream);
    int rc = (int)cudaMemsetAsync(sums, 0, (size_t)d * sizeof(double), s);
    if (rc) return rc;
    // Enough row chunks for ~64k threads in all, each chunk at least 64 rows.
    int64_t chunks = (65536 + d - 1) / d;
    if (chunks > (n + 63) / 64) chunks = (n + 63) / 64;
    if (chunks > MAX_GRID_Y) chunks = MAX_GRID_Y;
    if (chunks < 1) chunks = 1;
    const int64_t chunk_rows = (n + chunks - 1) / chunks;
    dim3 grid((unsigned)((d + THREADS - 1) / THREADS), (unsigned)chunks);
    column_sums<<<grid, THREADS, 0, s>>>(x, n, d, chunk_rows, sums);
    if ((rc = launched())) return rc;
    divide<<<(unsigned)((d + THREADS - 1) / THREADS), THREADS, 0, s>>>(sums, d, (double)n, mean);
    return launched();
}

int bs_cuda_center(const float *x, int64_t n, int64_t d, const float *mean, float *centred, void *stream) {
    clear_stale_error();
    if (n <= 0 || d <= 0) return 0;
    center<<<grid_for(n * d, THREADS), THREADS, 0, as_stream(stream)>>>(x, n, d, mean, centred);
    return launched();
}

int bs_cuda_mirror_upper(float *m, int64_t d, void *stream) {
    clear_stale_error();
    if (d <= 1) return 0;
    mirror_upper<<<grid_for(d * d, THREADS), THREADS, 0, as_stream(stream)>>>(m, d);
    return launched();
}

int bs_cuda_subtract(const float *x, const float *y, float *out, int64_t n, void *stream) {
    clear_stale_error();
    if (n <= 0) return 0;
    subtract<<<grid_for(n, THREADS), THREADS, 0, as_stream(stream)>>>(x, y, out, n);
    return launched();
}

int bs_cuda_transpose(const float *in, int64_t rows, int64_t cols, float *out, void *stream) {
    clear_stale_error();
    if (rows <= 0 || cols <= 0) return 0;
    const int64_t block_rows = (rows + 31) / 32;
    dim3 grid((unsigned)((cols + 31) / 32), (unsigned)(block_rows < MAX_GRID_Y ? block_rows : MAX_GRID_Y)), block(32, 8);
    transpose<<<grid, block, 0, as_stream(stream)>>>(in, rows, cols, out);
    return launched();
}

}  // extern "C"
