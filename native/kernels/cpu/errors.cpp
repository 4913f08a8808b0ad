#include "common.h"

#include <cblas.h>
#include <omp.h>

#include <cstdarg>
#include <cstdio>

namespace {
thread_local char last_error[1024] = "";
int default_threads() {
    static const int n = omp_get_max_threads();
    return n;
}
}  // namespace

namespace bs {

int fail(int code, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(last_error, sizeof last_error, fmt, args);
    va_end(args);
    return code;
}

void clear_error() { last_error[0] = '\0'; }

BlasSingleThreaded::BlasSingleThreaded() : saved_(openblas_get_num_threads()) {
    if (saved_ != 1) openblas_set_num_threads(1);
}

BlasSingleThreaded::~BlasSingleThreaded() {
    if (saved_ != 1) openblas_set_num_threads(saved_);
}

}  // namespace bs

extern "C" {

const char *bs_last_error(void) { return last_error; }

int bs_set_num_threads(int n) {
    int threads = n > 0 ? n : default_threads();
    omp_set_num_threads(threads);
    openblas_set_num_threads(threads);
    return BS_OK;
}

int bs_get_num_threads(void) { return omp_get_max_threads(); }

}  // extern "C"
