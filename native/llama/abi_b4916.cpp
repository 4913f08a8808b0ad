// llama.cpp build b4916 (java-llama.cpp 4.2.0's libjllama.so): its parameter structs, its KV-cache
// calls (llama_kv_self_*) and llama_apply_adapter_cvec, behind the shim's ABI-neutral entries.
#include "llama_api.h"
#include "llama_b4916.h"

#include <cstdio>

namespace {

using namespace b4916;

llama_model_params (*model_default_params)(void);
llama_context_params (*context_default_params)(void);
bs::Model *(*model_load_from_file)(const char *, llama_model_params);
bs::Context *(*init_from_model)(bs::Model *, llama_context_params);
void (*kv_self_clear)(bs::Context *);
void (*kv_self_seq_cp)(bs::Context *, int32_t, int32_t, int32_t, int32_t);
int32_t (*apply_adapter_cvec)(bs::Context *, const float *, size_t, int32_t, int32_t, int32_t);

bs::ThreadpoolParams (*threadpool_params_default)(int);
void *(*threadpool_new_fn)(bs::ThreadpoolParams *);
void (*threadpool_free_fn)(void *);

void load_backends(const char *) {}  // the CPU backend is built into libjllama.so

bs::Model *load_model(const char *path, int32_t n_gpu_layers) {
    llama_model_params p = model_default_params();
    p.n_gpu_layers = n_gpu_layers;
    return model_load_from_file(path, p);
}

bs::Context *new_context(bs::Model *model, const bs::ContextSpec &s) {
    llama_context_params c = context_default_params();
    c.n_ctx = s.n_ctx;
    c.n_batch = s.n_batch;
    c.n_ubatch = s.n_ubatch;
    c.n_seq_max = s.n_seq_max;
    c.n_threads = s.n_threads;
    c.n_threads_batch = s.n_threads;
    c.type_k = c.type_v = s.type_kv;
    c.flash_attn = s.flash_attn == 1;  // b4916 has no automatic choice: off unless asked
    c.cb_eval = (void *)s.cb_eval;
    c.cb_eval_user_data = s.cb_eval_data;
    c.no_perf = true;
    // s.kv_per_sequence is ignored: b4916 has only the one KV cache shared by all sequences, so a
    // generating token attends (masked) over every sequence's cells and the cost per step still grows
    // with all of them.
    return init_from_model(model, c);
}

void memory_clear(bs::Context *ctx) { kv_self_clear(ctx); }
void memory_seq_cp(bs::Context *ctx, int32_t src, int32_t dst) { kv_self_seq_cp(ctx, src, dst, -1, -1); }

int32_t set_cvec(bs::Context *ctx, const float *data, size_t len, int32_t n_embd, int32_t il_start, int32_t il_end) {
    return apply_adapter_cvec(ctx, data, len, n_embd, il_start, il_end);
}

// The values b4916's llama_context_default_params and llama_model_default_params set
// (llama-context.cpp and llama-model.cpp at that build).
std::string check_layout() {
    llama_context_params c = context_default_params();
    llama_model_params m = model_default_params();
    std::string bad;
    auto expect = [&](bool ok, const char *what) {
        if (!ok) bad += bad.empty() ? what : std::string(", ") + what;
    };
    expect(c.n_ctx == 512 && c.n_batch == 2048 && c.n_ubatch == 512 && c.n_seq_max == 1, "context sizes");
    expect(c.n_threads == 4 && c.n_threads_batch == 4, "threads");
    expect(c.yarn_ext_factor == -1.0f && c.yarn_attn_factor == 1.0f && c.yarn_beta_fast == 32.0f &&
               c.yarn_beta_slow == 1.0f, "yarn");
    expect(c.cb_eval == nullptr && c.abort_callback == nullptr, "callbacks");
    expect(c.type_k == bs::TYPE_F16 && c.type_v == bs::TYPE_F16, "KV types");
    expect(!c.logits_all && !c.embeddings && c.offload_kqv && !c.flash_attn && c.no_perf, "context flags");
    expect(m.split_mode == 1 && m.main_gpu == 0 && !m.vocab_only && m.use_mmap && !m.use_mlock && !m.check_tensors,
           "model parameters");
    return bad;
}

void *threadpool_new(int32_t n_threads, int32_t poll) {
    bs::ThreadpoolParams p = threadpool_params_default(n_threads);
    p.poll = (uint32_t)poll;
    return threadpool_new_fn(&p);
}

void threadpool_free(void *tp) { threadpool_free_fn(tp); }

}  // namespace

namespace bs {

void bind_b4916(Binder &b, Api &api) {
    b.bind(model_default_params, "llama_model_default_params");
    b.bind(context_default_params, "llama_context_default_params");
    b.bind(model_load_from_file, "llama_model_load_from_file");
    b.bind(init_from_model, "llama_init_from_model");
    b.bind(kv_self_clear, "llama_kv_self_clear");
    b.bind(kv_self_seq_cp, "llama_kv_self_seq_cp");
    b.bind(apply_adapter_cvec, "llama_apply_adapter_cvec");
    b.bind(threadpool_params_default, "ggml_threadpool_params_default");
    b.bind(threadpool_new_fn, "ggml_threadpool_new");
    b.bind(threadpool_free_fn, "ggml_threadpool_free");
    api.abi_name = "b4916";
    api.load_backends = load_backends;
    api.load_model = load_model;
    api.new_context = new_context;
    api.memory_clear = memory_clear;
    api.memory_seq_cp = memory_seq_cp;
    api.set_cvec = set_cvec;
    api.check_layout = check_layout;
    api.threadpool_new = threadpool_new;
    api.threadpool_free = threadpool_free;
}

}  // namespace bs
