// K x K option blocks per item (DALI, DALI_S). Memory-bound: one block per item, its 2K embedding
// rows read from device memory once; the block's warps share the K x K (x3) dot products, each a
// warp-wide reduction, and re-read the rows from L1/L2.
#include "common.cuh"

using namespace bs_cuda;

namespace {

constexpr int THREADS = 256;

__device__ float warp_dot(const float *x, const float *y, int64_t d, int lane) {
    float s = 0.0f;
    for (int64_t j = lane; j < d; j += WARP) s += x[j] * y[j];
    return warp_sum(s);
}

__global__ void option_blocks(const float *const *piv, const float *const *tgt, int k, int64_t n_items,
                              int64_t d, float *cross, float *piv_self, float *tgt_self) {
    const int lane = threadIdx.x % WARP, warp = threadIdx.x / WARP, warps = blockDim.x / WARP;
    const int kk = k * k;
    const int sides = 1 + (piv_self ? 1 : 0) + (tgt_self ? 1 : 0);
    for (int64_t i = blockIdx.x; i < n_items; i += gridDim.x) {
        for (int pair = warp; pair < sides * kk; pair += warps) {
            int side = pair / kk;
            const int o = (pair % kk) / k, p = pair % k;
            // side 0: pivot x target; then pivot x pivot and target x target, those present.
            if (side == 1 && !piv_self) side = 2;
            const float *x = (side == 2 ? tgt[o] : piv[o]) + i * d;
            const float *y = (side == 0 ? tgt[p] : side == 1 ? piv[p] : tgt[p]) + i * d;
            const float dot = warp_dot(x, y, d, lane);
            if (lane == 0) {
                float *out = side == 0 ? cross : side == 1 ? piv_self : tgt_self;
                out[i * kk + o * k + p] = dot;
            }
        }
    }
}

}  // namespace

extern "C" int bs_cuda_option_blocks(const float *const *piv, const float *const *tgt, int64_t k_options,
                                     int64_t n_items, int64_t d, float *cross, float *piv_self, float *tgt_self,
                                     void *stream) {
    clear_stale_error();
    if (n_items <= 0 || k_options <= 0) return 0;
    if (k_options > 64) return (int)cudaErrorInvalidValue;
    const unsigned blocks = (unsigned)(n_items < 65535LL * 16 ? n_items : 65535LL * 16);
    option_blocks<<<blocks, THREADS, 0, as_stream(stream)>>>(piv, tgt, (int)k_options, n_items, d, cross,
                                                             piv_self, tgt_self);
    return launched();
}
