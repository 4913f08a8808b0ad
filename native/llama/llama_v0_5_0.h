// The structs of llama.cpp's C API at release v0.5.0 (the build inside node-llama-cpp 3.22.1's
// platform packages) that the shim fills, declared by the project from that release's llama.h and
// ggml.h and pinned to it. abi_v0_5_0.cpp reads the library's default parameters back through
// these declarations every time a library is opened, so a build of another layout is refused
// before any call passes one.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace v0_5_0 {

struct llama_model_params {           // 80 bytes
    void *devices;                     // NULL: every device the loaded backends offer
    const void *tensor_buft_overrides;
    int32_t n_gpu_layers;              // default -1: all layers
    int32_t split_mode;                // enum llama_split_mode
    int32_t load_mode;                 // enum llama_load_mode (-1 auto)
    int32_t lazy_mode;                 // enum llama_lazy_mode
    int32_t main_gpu;
    const float *tensor_split;
    void *progress_callback;
    void *progress_callback_user_data;
    const void *kv_overrides;
    bool vocab_only;
    bool check_tensors;
    bool use_extra_bufts;
    bool no_host;
    bool no_alloc;
    bool load_mtp;
};

struct llama_context_params {         // 160 bytes, cb_eval at offset 88
    uint32_t n_ctx;
    uint32_t n_batch;
    uint32_t n_ubatch;
    uint32_t n_seq_max;
    uint32_t n_rs_seq;
    uint32_t n_outputs_max;
    uint32_t n_outputs_max_per_seq;    // default 1 (backend sampling); 0 = n_outputs_max
    int32_t n_threads;
    int32_t n_threads_batch;
    int32_t ctx_type;
    int32_t rope_scaling_type;
    int32_t pooling_type;
    int32_t attention_type;
    int32_t flash_attn_type;           // -1 auto (the default), 0 off, 1 on
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
    void *abort_callback;
    void *abort_callback_data;
    bool embeddings;
    bool offload_kqv;
    bool no_perf;
    bool op_offload;
    bool swa_full;
    bool kv_unified;                   // default false: the cache is split into n_seq_max equal parts
    void *samplers;
    size_t n_samplers;
    void *ctx_other;
};

static_assert(sizeof(llama_model_params) == 80, "llama_model_params is 80 bytes in v0.5.0");
static_assert(sizeof(llama_context_params) == 160, "llama_context_params is 160 bytes in v0.5.0");
static_assert(offsetof(llama_context_params, cb_eval) == 88, "cb_eval sits at offset 88 in v0.5.0");
static_assert(offsetof(llama_context_params, embeddings) == 128, "the flags start at offset 128 in v0.5.0");

}  // namespace v0_5_0
