// Internal helpers of the CPU kernels: error reporting and the exception barrier.
#pragma once

#include "bs_kernels.h"

#include <cstdint>
#include <exception>
#include <new>

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

}  // namespace bs
