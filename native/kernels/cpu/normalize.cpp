#include "common.h"

#include <cmath>

extern "C" int bs_l2_normalize_rows(float *x, int64_t n, int64_t d, int64_t *bad_row) {
    return bs::guarded([&]() -> int {
        if (bad_row) *bad_row = -1;
        if (bs::bad_size(n) || bs::bad_size(d)) return bs::fail(BS_ERR_ARGUMENT, "negative size n=%lld d=%lld", (long long)n, (long long)d);
        if (n == 0 || d == 0) return BS_OK;
        if (!x) return bs::fail(BS_ERR_ARGUMENT, "x is null");
        int64_t first_bad = n;
#pragma omp parallel for schedule(static) reduction(min : first_bad)
        for (int64_t i = 0; i < n; i++) {
            float *row = x + i * d;
            // Double accumulation: one pass, and a NaN or Inf anywhere makes the sum non-finite,
            // so the finiteness check costs nothing extra.
            double ss = 0.0;
#pragma omp simd reduction(+ : ss)
            for (int64_t j = 0; j < d; j++) ss += (double)row[j] * (double)row[j];
            if (!std::isfinite(ss)) {
                if (i < first_bad) first_bad = i;
                continue;
            }
            // A zero row stays zero: its cosine with anything is 0 (see README, align).
            if (ss == 0.0) continue;
            // Scale in double: for a row of tiny norm (subnormal floats, |row| ~ 1e-42) 1 / |row|
            // is beyond float's range, and a float factor would turn the row into Inf and NaN.
            const double inv = 1.0 / std::sqrt(ss);
#pragma omp simd
            for (int64_t j = 0; j < d; j++) row[j] = (float)((double)row[j] * inv);
        }
        if (first_bad < n) {
            if (bad_row) *bad_row = first_bad;
            return bs::fail(BS_ERR_NONFINITE, "row %lld holds NaN or Inf", (long long)first_bad);
        }
        return BS_OK;
    });
}
