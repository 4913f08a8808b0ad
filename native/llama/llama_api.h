// The llama.cpp functions the shim calls, as one table of function pointers filled at run time from
// the library the user's runtime folder holds (dlopen + dlsym): the shim links against no llama.cpp,
// so one shim serves every build of a supported ABI (CPU, Vulkan, CUDA, a user's own) and the
// java-llama.cpp copy of b4916.
//
// Most functions have the same signature in both supported ABIs and are bound by name here. What
// differs (parameter structs, KV-cache calls, control vectors, backend loading) is hidden behind the
// ABI-neutral entries at the end, which each ABI's file (abi_b4916.cpp, abi_v0_5_0.cpp) implements
// with its own declarations of that release's structs.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>

namespace bs {

// Opaque llama.cpp and ggml handles.
struct Model;
struct Context;
struct Vocab;
struct Sampler;
struct Tensor;
struct Device;
struct Registry;

typedef int32_t Token;

// llama_batch: the same layout in b4916 and v0.5.0.
struct Batch {
    int32_t n_tokens;
    Token *token;
    float *embd;
    int32_t *pos;
    int32_t *n_seq_id;
    int32_t **seq_id;
    int8_t *logits;
};

// llama_sampler_chain_params: one bool in both.
struct SamplerChainParams {
    bool no_perf;
};

typedef void (*LogCallback)(int level, const char *text, void *user_data);
// ggml_backend_sched_eval_callback: asked once per node with ask = true ("do you want its data?"),
// then called with ask = false once that node is computed; returning false stops the graph.
typedef bool (*EvalCallback)(Tensor *t, bool ask, void *user_data);

// ggml_log_level, the same numbers in both ABIs.
enum { LOG_ERROR = 4, LOG_CONT = 5 };
// ggml_type of the KV cache.
enum { TYPE_F32 = 0, TYPE_F16 = 1 };
// ggml_backend_dev_type.
enum { DEVICE_CPU = 0, DEVICE_GPU = 1, DEVICE_IGPU = 2, DEVICE_ACCEL = 3 };

// ggml_threadpool_params, the same in both ABIs: cpumask[GGML_MAX_N_THREADS = 512], then
// n_threads, prio, poll, strict_cpu, paused.
struct ThreadpoolParams {
    bool cpumask[512];
    int32_t n_threads;
    int32_t prio;
    uint32_t poll;
    bool strict_cpu;
    bool paused;
};
static_assert(sizeof(ThreadpoolParams) == 528, "ggml_threadpool_params is 528 bytes");

// What a context needs, in neither ABI's struct.
struct ContextSpec {
    uint32_t n_ctx, n_batch, n_ubatch, n_seq_max;
    int32_t n_threads;
    int32_t type_kv;     // TYPE_F32 or TYPE_F16
    int32_t flash_attn;  // 0 off, 1 on, -1 llama.cpp's automatic choice
    bool kv_per_sequence;  // one KV stream of n_ctx / n_seq_max cells per sequence (v0.5.0 only)
    EvalCallback cb_eval;
    void *cb_eval_data;
};

struct Api {
    const char *abi_name = nullptr;

    // Bound by name: the same signature in both ABIs.
    void (*backend_init)(void);
    void (*log_set)(LogCallback, void *);
    void (*model_free)(Model *);
    void (*free)(Context *);
    const Vocab *(*model_get_vocab)(const Model *);
    int32_t (*model_n_embd)(const Model *);
    int32_t (*model_n_layer)(const Model *);
    int32_t (*model_n_ctx_train)(const Model *);
    int32_t (*vocab_n_tokens)(const Vocab *);
    Token (*vocab_bos)(const Vocab *);
    bool (*vocab_is_eog)(const Vocab *, Token);
    int32_t (*tokenize)(const Vocab *, const char *, int32_t, Token *, int32_t, bool, bool);
    int32_t (*token_to_piece)(const Vocab *, Token, char *, int32_t, int32_t, bool);
    Batch (*batch_init)(int32_t, int32_t, int32_t);
    void (*batch_free)(Batch);
    int32_t (*decode)(Context *, Batch);
    float *(*get_logits_ith)(Context *, int32_t);
    void (*attach_threadpool)(Context *, void *, void *);
    const char *(*print_system_info)(void);
    SamplerChainParams (*sampler_chain_default_params)(void);
    Sampler *(*sampler_chain_init)(SamplerChainParams);
    void (*sampler_chain_add)(Sampler *, Sampler *);
    Sampler *(*sampler_init_greedy)(void);
    Sampler *(*sampler_init_dist)(uint32_t);
    Sampler *(*sampler_init_top_k)(int32_t);
    Sampler *(*sampler_init_top_p)(float, size_t);
    Sampler *(*sampler_init_min_p)(float, size_t);
    Sampler *(*sampler_init_temp)(float);
    Token (*sampler_sample)(Sampler *, Context *, int32_t);
    void (*sampler_free)(Sampler *);
    const char *(*tensor_name)(const Tensor *);
    size_t (*tensor_nbytes)(const Tensor *);
    int64_t (*tensor_nelements)(const Tensor *);
    void (*tensor_get)(const Tensor *, void *, size_t, size_t);
    size_t (*dev_count)(void);
    Device *(*dev_get)(size_t);
    const char *(*dev_name)(Device *);
    const char *(*dev_description)(Device *);
    void (*dev_memory)(Device *, size_t *, size_t *);
    int (*dev_type)(Device *);

    // ABI-neutral entries, implemented by each ABI's file.
    // Loads the backends a build keeps beside its library (the v0.5.0 packages load their CPU,
    // Vulkan or CUDA backend as plugins); b4916 has its CPU backend built in.
    void (*load_backends)(const char *dir);
    Model *(*load_model)(const char *path, int32_t n_gpu_layers);
    Context *(*new_context)(Model *, const ContextSpec &);
    void (*memory_clear)(Context *);
    void (*memory_seq_cp)(Context *, int32_t src, int32_t dst);
    int32_t (*set_cvec)(Context *, const float *, size_t, int32_t n_embd, int32_t il_start, int32_t il_end);
    // "" when the library's default parameters, read through the project's declarations of its
    // structs, are those of the release they were written for; else what differs. A library whose
    // structs are laid out otherwise would be corrupted by every call that passes one.
    std::string (*check_layout)(void);
    // A thread pool for the CPU backend with the given polling level (0 = sleep while waiting,
    // llama.cpp's default 50 spins), or null when the build offers none.
    void *(*threadpool_new)(int32_t n_threads, int32_t poll);
    void (*threadpool_free)(void *);
};

// Looks up every symbol named in `names` order; collects the ones missing.
class Binder {
public:
    explicit Binder(void *handle) : handle_(handle) {}
    template <typename F>
    void bind(F &slot, const char *name) {
        slot = reinterpret_cast<F>(find(name));
        if (!slot) {
            if (!missing_.empty()) missing_ += ", ";
            missing_ += name;
        }
    }
    void *find(const char *name);
    const std::string &missing() const { return missing_; }

private:
    void *handle_;
    std::string missing_;
};

// Binds the functions common to both ABIs.
void bind_common(Binder &b, Api &api);
// Each ABI's own entries; false with `missing` filled when the library lacks some.
void bind_b4916(Binder &b, Api &api);
void bind_v0_5_0(Binder &b, Api &api);

}  // namespace bs
