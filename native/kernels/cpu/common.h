// Internal helpers of the CPU kernels: error reporting and the exception barrier.
#pragma once

#include "bs_kernels.h"

#include <cstdint>
#include <exception>
#include <new>

#include <omp.h>

namespace bs {

// Records a message for bs_last_error() on this thread and returns code, so that a kernel can
// write `return fail(BS_ERR_ARGUMENT, "...")`.
int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void clear_error();

// Runs body (returning a bs_status) with every C++ exception turned into a status code:
// nothing may unwind into JNI.
template <class Body>
int guarded(Body &&body) noexcept {
    clear_error();
    try {
        return body();
    } catch (const std::bad_alloc &) {
        return fail(BS_ERR_NO_MEMORY, "out of memory allocating a work buffer");
    } catch (const std::exception &e) {
        return fail(BS_ERR_INTERNAL, "%s", e.what());
    } catch (...) {
        return fail(BS_ERR_INTERNAL, "unknown C++ exception");
    }
}

inline bool bad_size(int64_t v) { return v < 0; }

// Makes OpenBLAS single-threaded for the lifetime of the guard, then restores its setting.
// Kernels that pair a GEMM with an OpenMP pass call sgemm from inside their own OpenMP threads,
// one block each: with OpenBLAS's own threads in play instead, its workers keep spinning after
// every GEMM and steal the cores from the pass that follows (measured: +60% time at n = 1000).
class BlasSingleThreaded {
  public:
    BlasSingleThreaded();
    ~BlasSingleThreaded();
    BlasSingleThreaded(const BlasSingleThreaded &) = delete;
    BlasSingleThreaded &operator=(const BlasSingleThreaded &) = delete;

  private:
    int saved_;
};

// Calls body(begin, end) from every OpenMP thread on its own contiguous share of [0, n), in
// thread order, with OpenBLAS single-threaded: the pattern of every GEMM-plus-pass kernel.
template <class Body>
void parallel_row_blocks(int64_t n, Body &&body) {
    BlasSingleThreaded guard;
#pragma omp parallel
    {
        const int64_t threads = omp_get_num_threads(), t = omp_get_thread_num();
        const int64_t begin = n * t / threads, end = n * (t + 1) / threads;
        if (end > begin) body(begin, end);
    }
}

}  // namespace bs
