// The part of llama.cpp's C API (build b4916, as exported by java-llama.cpp 4.2.0's libjllama.so)
// that the shim calls, declared here by the project rather than taken from llama.h: the shim links
// against the library java-llama.cpp ships, not against a llama.cpp checkout, so these
// declarations are pinned to that one build. Struct layouts were checked against the library's
// own default-parameter functions (LlamaAbiTest reads their default values through these
// declarations on every test run; the sizes are fixed by the static_asserts below).
#pragma once

#include <stddef.h>
#include <stdint.h>

extern "C" {

struct ggml_tensor;
struct llama_model;
struct llama_context;
struct llama_vocab;

typedef int32_t llama_token;
typedef int32_t llama_pos;
typedef int32_t llama_seq_id;

enum ggml_log_level_b4916 { GGML_LOG_NONE = 0, GGML_LOG_DEBUG = 1, GGML_LOG_INFO = 2, GGML_LOG_WARN = 3,
                            GGML_LOG_ERROR = 4, GGML_LOG_CONT = 5 };
typedef void (*ggml_log_callback)(int level, const char *text, void *user_data);

// ggml_backend_sched_eval_callback: asked once per node with ask = true ("do you want its data?"),
// then called with ask = false once that node is computed; returning false stops the graph.
typedef bool (*ggml_eval_callback)(struct ggml_tensor *t, bool ask, void *user_data);

enum { GGML_TYPE_F32_B4916 = 0, GGML_TYPE_F16_B4916 = 1 };

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
    ggml_eval_callback cb_eval;
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

struct llama_batch {
    int32_t n_tokens;
    llama_token *token;
    float *embd;
    llama_pos *pos;
    int32_t *n_seq_id;
    llama_seq_id **seq_id;
    int8_t *logits;
};

static_assert(sizeof(llama_model_params) == 64, "llama_model_params is 64 bytes in b4916");
static_assert(sizeof(llama_context_params) == 120, "llama_context_params is 120 bytes in b4916");
static_assert(offsetof(llama_context_params, cb_eval) == 72, "cb_eval sits at offset 72 in b4916");

void llama_backend_init(void);
void llama_log_set(ggml_log_callback callback, void *user_data);
struct llama_model_params llama_model_default_params(void);
struct llama_context_params llama_context_default_params(void);
struct llama_model *llama_model_load_from_file(const char *path, struct llama_model_params params);
void llama_model_free(struct llama_model *model);
struct llama_context *llama_init_from_model(struct llama_model *model, struct llama_context_params params);
void llama_free(struct llama_context *ctx);

const struct llama_vocab *llama_model_get_vocab(const struct llama_model *model);
int32_t llama_model_n_embd(const struct llama_model *model);
int32_t llama_model_n_layer(const struct llama_model *model);
int32_t llama_model_n_ctx_train(const struct llama_model *model);
int32_t llama_vocab_n_tokens(const struct llama_vocab *vocab);
llama_token llama_vocab_bos(const struct llama_vocab *vocab);
int32_t llama_tokenize(const struct llama_vocab *vocab, const char *text, int32_t text_len, llama_token *tokens,
                       int32_t n_tokens_max, bool add_special, bool parse_special);

struct llama_batch llama_batch_init(int32_t n_tokens, int32_t embd, int32_t n_seq_max);
void llama_batch_free(struct llama_batch batch);
int32_t llama_decode(struct llama_context *ctx, struct llama_batch batch);
float *llama_get_logits_ith(struct llama_context *ctx, int32_t i);
void llama_kv_self_clear(struct llama_context *ctx);
void llama_kv_self_seq_cp(struct llama_context *ctx, llama_seq_id seq_id_src, llama_seq_id seq_id_dst, llama_pos p0,
                          llama_pos p1);
int32_t llama_apply_adapter_cvec(struct llama_context *ctx, const float *data, size_t len, int32_t n_embd,
                                 int32_t il_start, int32_t il_end);

const char *ggml_get_name(const struct ggml_tensor *tensor);
size_t ggml_nbytes(const struct ggml_tensor *tensor);
int64_t ggml_nelements(const struct ggml_tensor *tensor);
void ggml_backend_tensor_get(const struct ggml_tensor *tensor, void *data, size_t offset, size_t size);
}
