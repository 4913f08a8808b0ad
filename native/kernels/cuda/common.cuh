// Internal helpers of the CUDA kernels: launch geometry, warp reductions and the top-k order.
#pragma once

#include "bs_cuda_kernels.h"

#include <cuda_runtime.h>

#include <cfloat>
#include <cstdint>

namespace bs_cuda {

constexpr int WARP = 32;

inline cudaStream_t as_stream(void *s) { return static_cast<cudaStream_t>(s); }

// Blocks for a grid-stride loop over n work units of `per_block` each: enough to fill any current
// GPU several times over, never more than the work.
inline unsigned grid_for(int64_t n, int64_t per_block) {
    int64_t blocks = (n + per_block - 1) / per_block;
    if (blocks > 65535LL * 32) blocks = 65535LL * 32;
    return (unsigned)(blocks < 1 ? 1 : blocks);
}

// Clears an error an earlier call left behind (a failed cudaMalloc, something inside cuBLAS) and
// was already reported through its own return code, so that launched() blames only this launch.
inline void clear_stale_error() { (void)cudaGetLastError(); }

// The launch's own error (bad configuration), not the kernel's: those surface at the next sync.
inline int launched() { return (int)cudaGetLastError(); }

// gridDim.y and gridDim.z are at most 65535.
constexpr int64_t MAX_GRID_Y = 65535;

template <class T>
__device__ inline T warp_sum(T v) {
    for (int off = WARP / 2; off > 0; off /= 2) v += __shfl_xor_sync(0xffffffffu, v, off);
    return v;
}

__device__ inline float warp_max(float v) {
    for (int off = WARP / 2; off > 0; off /= 2) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, off));
    return v;
}

// atomicMax for floats by compare-and-swap on the bits; inputs are never NaN (rows are checked
// when normalised).
__device__ inline void atomic_max(float *address, float value) {
    int *bits = reinterpret_cast<int *>(address);
    int old = *bits;
    while (__int_as_float(old) < value) {
        const int assumed = old;
        old = atomicCAS(bits, assumed, __float_as_int(value));
        if (old == assumed) break;
    }
}

// The order of the neighbour lists: value descending, then index ascending. It is total on the
// entries that can meet (each index is seen once per list), so merges in any order agree.
__device__ inline bool better(float v, long long i, float w, long long j) {
    return v > w || (v == w && i < j);
}

// Inserts (v, i) into the best-first list of length k when it beats the last entry.
__device__ inline bool insert(float *vals, long long *idxs, int k, float v, long long i) {
    if (!better(v, i, vals[k - 1], idxs[k - 1])) return false;
    int p = k - 1;
    while (p > 0 && better(v, i, vals[p - 1], idxs[p - 1])) {
        vals[p] = vals[p - 1];
        idxs[p] = idxs[p - 1];
        p--;
    }
    vals[p] = v;
    idxs[p] = i;
    return true;
}

}  // namespace bs_cuda
