// The structs of llama.cpp's C API at build b4916 (as exported by java-llama.cpp 4.2.0's
// libjllama.so) that differ from the current release, declared by the project rather than taken
// from llama.h and pinned to that one build. Layouts were checked against the library's own
// default-parameter functions (abi_b4916.cpp reads them back through these declarations every time
// the library is opened; the sizes are fixed by the static_asserts below).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace b4916 {

struct llama_model_params {       // 64 bytes in b4916
    void *devices;
    int32_t n_gpu_layers;
    int32_t split_mode;
    int32_t main_gpu;
    const float *tensor_split;
    void *progress_callback;
    void *progress_callback_user_data;
    const void *kv_overrides;
    bool vocab_only;
    bool use_mmap;
    bool use_mlock;
    bool check_tensors;
};

struct llama_context_params {     // 120 bytes in b4916, cb_eval at offset 72
    uint32_t n_ctx;
    uint32_t n_batch;
    uint32_t n_ubatch;
    uint32_t n_seq_max;
    int32_t n_threads;
    int32_t n_threads_batch;
    int32_t rope_scaling_type;
    int32_t pooling_type;
    int32_t attention_type;
    float rope_freq_base;
    float rope_freq_scale;
    float yarn_ext_factor;
    float yarn_attn_factor;
    float yarn_beta_fast;
    float yarn_beta_slow;
    uint32_t yarn_orig_ctx;
    float defrag_thold;
    void *cb_eval;
    void *cb_eval_user_data;
    int32_t type_k;
    int32_t type_v;
    bool logits_all;
    bool embeddings;
    bool offload_kqv;
    bool flash_attn;
    bool no_perf;
    void *abort_callback;
    void *abort_callback_data;
};

static_assert(sizeof(llama_model_params) == 64, "llama_model_params is 64 bytes in b4916");
static_assert(sizeof(llama_context_params) == 120, "llama_context_params is 120 bytes in b4916");
static_assert(offsetof(llama_context_params, cb_eval) == 72, "cb_eval sits at offset 72 in b4916");

}  // namespace b4916
