// K x K option blocks per item (DALI, DALI_S). Memory-bound: every embedding is read once per
// block row, and an item's 2K rows stay in cache while its blocks are formed.
#include "common.h"

namespace {

inline float dot(const float *x, const float *y, int64_t d) {
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (int64_t j = 0; j < d; j++) s += x[j] * y[j];
    return s;
}

// out[i][o][p] = x[o][i] . y[p][i] for one item i.
inline void block(const float *const *x, const float *const *y, int64_t k, int64_t i, int64_t d,
                  float *out) {
    for (int64_t o = 0; o < k; o++)
        for (int64_t p = 0; p < k; p++) out[o * k + p] = dot(x[o] + i * d, y[p] + i * d, d);
}

}  // namespace

extern "C" int bs_option_blocks(const float *const *piv, const float *const *tgt,
                                int64_t k_options, int64_t n_items, int64_t d, float *cross,
                                float *piv_self, float *tgt_self) {
    return bs::guarded([&]() -> int {
        if (k_options < 1 || bs::bad_size(n_items) || bs::bad_size(d))
            return bs::fail(BS_ERR_ARGUMENT, "bad sizes k=%lld n=%lld d=%lld",
                            (long long)k_options, (long long)n_items, (long long)d);
        if (!piv || !tgt || !cross) return bs::fail(BS_ERR_ARGUMENT, "null input or output");
        for (int64_t o = 0; o < k_options; o++)
            if (n_items > 0 && d > 0 && (!piv[o] || !tgt[o]))
                return bs::fail(BS_ERR_ARGUMENT, "option %lld has a null matrix", (long long)o);
        const int64_t kk = k_options * k_options;
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < n_items; i++) {
            block(piv, tgt, k_options, i, d, cross + i * kk);
            if (piv_self) block(piv, piv, k_options, i, d, piv_self + i * kk);
            if (tgt_self) block(tgt, tgt, k_options, i, d, tgt_self + i * kk);
        }
        return BS_OK;
    });
}
