// Means, covariances, SVD, symmetric eigenvectors and subspace projections (Lens, LinguaLIFT).
// LAPACK is called in column-major form on the row-major data, reading each matrix as its
// transpose, so nothing is transposed or copied twice.
#include "common.h"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <vector>

extern "C" {

int bs_mean_cov(const float *x, int64_t n, int64_t d, float *mean, float *cov) {
    return bs::guarded([&]() -> int {
        if (n < 1 || bs::bad_size(d))
            return bs::fail(BS_ERR_ARGUMENT, "mean of %lld rows of width %lld", (long long)n, (long long)d);
        if (!x || !mean) return bs::fail(BS_ERR_ARGUMENT, "null input or output");
        if (d == 0) return BS_OK;
        std::vector<double> acc((size_t)d, 0.0);
#pragma omp parallel
        {
            std::vector<double> local((size_t)d, 0.0);
#pragma omp for schedule(static) nowait
            for (int64_t i = 0; i < n; i++) {
                const float *row = x + i * d;
                for (int64_t j = 0; j < d; j++) local[(size_t)j] += row[j];
            }
#pragma omp critical
            for (int64_t j = 0; j < d; j++) acc[(size_t)j] += local[(size_t)j];
        }
        for (int64_t j = 0; j < d; j++) mean[j] = (float)(acc[(size_t)j] / (double)n);
        if (!cov) return BS_OK;

        std::vector<float> centred((size_t)(n * d));
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j < d; j++) centred[(size_t)(i * d + j)] = x[i * d + j] - mean[j];
        const float scale = 1.0f / (float)(n > 1 ? n - 1 : 1);
        // cov = scale * C^T C, upper triangle, then mirrored.
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n, scale, centred.data(),
                    (int)d, 0.0f, cov, (int)d);
        for (int64_t i = 0; i < d; i++)
            for (int64_t j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i];
        return BS_OK;
    });
}

int bs_multiply(const float *a, int trans_a, const float *b, int trans_b, int64_t m, int64_t n, int64_t k,
                float *c) {
    return bs::guarded([&]() -> int {
        if (m < 1 || n < 1 || k < 1 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX)
            return bs::fail(BS_ERR_ARGUMENT, "product of shapes m %lld, n %lld, k %lld", (long long)m,
                            (long long)n, (long long)k);
        if (!a || !b || !c) return bs::fail(BS_ERR_ARGUMENT, "null input or output");
        cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                    (int)m, (int)n, (int)k, 1.0f, a, trans_a ? (int)m : (int)k, b, trans_b ? (int)k : (int)n,
                    0.0f, c, (int)n);
        return BS_OK;
    });
}

int bs_svd_thin(const float *a, int64_t m, int64_t n, float *u, float *s, float *vt) {
    return bs::guarded([&]() -> int {
        if (m < 1 || n < 1) return bs::fail(BS_ERR_ARGUMENT, "SVD of an empty %lld x %lld matrix", (long long)m, (long long)n);
        if (!a || !u || !s || !vt) return bs::fail(BS_ERR_ARGUMENT, "null input or output");
        if (m > INT32_MAX || n > INT32_MAX) return bs::fail(BS_ERR_ARGUMENT, "matrix too large for LAPACK");
        const int64_t r = std::min(m, n);
        // Row-major a (m x n) is column-major a^T (n x m) = V S U^T: LAPACK's "U" of a^T is V,
        // which in row-major is vt; its "VT" is U^T, which in row-major is u.
        std::vector<float> work(a, a + m * n);
        lapack_int info = LAPACKE_sgesdd(LAPACK_COL_MAJOR, 'S', (lapack_int)n, (lapack_int)m,
                                         work.data(), (lapack_int)n, s, vt, (lapack_int)n, u,
                                         (lapack_int)r);
        if (info > 0) {
            // sgesdd occasionally fails to converge where the slower QR iteration succeeds.
            std::copy(a, a + m * n, work.begin());
            std::vector<float> superb((size_t)std::max<int64_t>(1, r - 1));
            info = LAPACKE_sgesvd(LAPACK_COL_MAJOR, 'S', 'S', (lapack_int)n, (lapack_int)m,
                                  work.data(), (lapack_int)n, s, vt, (lapack_int)n, u,
                                  (lapack_int)r, superb.data());
        }
        if (info != 0)
            return bs::fail(BS_ERR_LAPACK, "SVD of a %lld x %lld matrix failed (LAPACK info %d)",
                            (long long)m, (long long)n, (int)info);
        return BS_OK;
    });
}

int bs_eigh_topk(const float *sym, int64_t d, int64_t k, float *values, float *vectors) {
    return bs::guarded([&]() -> int {
        if (d < 1 || k < 1 || k > d)
            return bs::fail(BS_ERR_ARGUMENT, "top-%lld eigenvectors of a %lld x %lld matrix", (long long)k, (long long)d, (long long)d);
        if (!sym || !values || !vectors) return bs::fail(BS_ERR_ARGUMENT, "null input or output");
        // The row-major upper triangle is the column-major lower triangle.
        std::vector<float> work(sym, sym + d * d), w((size_t)d), z((size_t)(d * k));
        std::vector<lapack_int> support((size_t)(2 * k));
        lapack_int found = 0;
        lapack_int info = LAPACKE_ssyevr(LAPACK_COL_MAJOR, 'V', 'I', 'L', (lapack_int)d,
                                         work.data(), (lapack_int)d, 0.0f, 0.0f,
                                         (lapack_int)(d - k + 1), (lapack_int)d, 0.0f, &found,
                                         w.data(), z.data(), (lapack_int)d, support.data());
        if (info != 0 || found != k)
            return bs::fail(BS_ERR_LAPACK, "symmetric eigensolver failed (LAPACK info %d, %d of %lld found)",
                            (int)info, (int)found, (long long)k);
        // LAPACK returns ascending order, column-major; we return descending, row-major d x k.
        for (int64_t c = 0; c < k; c++) {
            const int64_t src = k - 1 - c;
            values[c] = w[(size_t)src];
            for (int64_t i = 0; i < d; i++) vectors[i * k + c] = z[(size_t)(src * d + i)];
        }
        return BS_OK;
    });
}

int bs_project(const float *x, int64_t n, int64_t d, const float *basis, int64_t r,
               float *in_sub, float *complement) {
    return bs::guarded([&]() -> int {
        if (bs::bad_size(n) || d < 1 || r < 1 || r > d)
            return bs::fail(BS_ERR_ARGUMENT, "projection of %lld x %lld onto rank %lld", (long long)n, (long long)d, (long long)r);
        if (n == 0) return BS_OK;
        if (!x || !basis) return bs::fail(BS_ERR_ARGUMENT, "null input");
        std::vector<float> coords((size_t)(n * r));
        std::vector<float> own;
        float *p = in_sub;
        if (!p) {
            own.resize((size_t)(n * d));
            p = own.data();
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)r, (int)d, 1.0f, x,
                    (int)d, basis, (int)r, 0.0f, coords.data(), (int)r);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)d, (int)r, 1.0f,
                    coords.data(), (int)r, basis, (int)r, 0.0f, p, (int)d);
        if (complement) {
#pragma omp parallel for schedule(static)
            for (int64_t i = 0; i < n * d; i++) complement[i] = x[i] - p[i];
        }
        return BS_OK;
    });
}

}  // extern "C"
