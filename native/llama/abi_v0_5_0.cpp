// llama.cpp release v0.5.0 (node-llama-cpp 3.22.1's prebuilt packages, or a user's own build of that
// release): its parameter structs, the llama_memory_* calls, llama_set_adapter_cvec, and backends
// loaded as plugins from the library's folder, behind the shim's ABI-neutral entries.
#include "llama_api.h"
#include "llama_v0_5_0.h"

namespace {

using namespace v0_5_0;
struct Memory;

llama_model_params (*model_default_params)(void);
llama_context_params (*context_default_params)(void);
bs::Model *(*model_load_from_file)(const char *, llama_model_params);
bs::Context *(*init_from_model)(bs::Model *, llama_context_params);
Memory *(*get_memory)(const bs::Context *);
void (*mem_clear)(Memory *, bool);
void (*mem_seq_cp)(Memory *, int32_t, int32_t, int32_t, int32_t);
int32_t (*set_adapter_cvec)(bs::Context *, const float *, size_t, int32_t, int32_t, int32_t);
void (*backend_load_all_from_path)(const char *);
bs::ThreadpoolParams (*threadpool_params_default)(int);
bs::Device *(*dev_by_type)(int);
bs::Registry *(*dev_backend_reg)(bs::Device *);
void *(*reg_get_proc_address)(bs::Registry *, const char *);

void load_backends(const char *dir) { backend_load_all_from_path(dir); }

bs::Model *load_model(const char *path, int32_t n_gpu_layers) {
    llama_model_params p = model_default_params();
    p.n_gpu_layers = n_gpu_layers;  // v0.5.0's default (-1) would offload every layer
    return model_load_from_file(path, p);
}

bs::Context *new_context(bs::Model *model, const bs::ContextSpec &s) {
    llama_context_params c = context_default_params();
    c.n_ctx = s.n_ctx;
    c.n_batch = s.n_batch;
    c.n_ubatch = s.n_ubatch;
    c.n_seq_max = s.n_seq_max;
    // Every token of a sequence may ask for output (mean pooling of the last layer, log-likelihoods);
    // the default of 1 only limits backend sampling, which the shim does not use, but 0 says "no limit".
    c.n_outputs_max_per_seq = 0;
    c.n_threads = s.n_threads;
    c.n_threads_batch = s.n_threads;
    c.type_k = c.type_v = s.type_kv;
    c.flash_attn_type = s.flash_attn;
    c.cb_eval = (void *)s.cb_eval;
    c.cb_eval_user_data = s.cb_eval_data;
    c.no_perf = true;
    // One KV cache shared by all sequences, as b4916 had, unless the session asks for one stream per
    // sequence (llama.cpp's default). Split, llama.cpp pads n_ctx to a multiple of 256, gives each of
    // the n_seq_max streams n_ctx / n_seq_max cells padded up to a multiple of 256 (and n_ctx becomes
    // that times n_seq_max: src/llama-context.cpp), and cuts a batch into micro-batches of equal
    // tokens per sequence over consecutive sequence ids (split_equal, src/llama-batch.cpp): a sequence
    // attends only over its own stream, but capture's callback would see each layer more than once.
    c.kv_unified = !s.kv_per_sequence;
    c.swa_full = true;
    return init_from_model(model, c);
}

void memory_clear(bs::Context *ctx) { mem_clear(get_memory(ctx), true); }
void memory_seq_cp(bs::Context *ctx, int32_t src, int32_t dst) { mem_seq_cp(get_memory(ctx), src, dst, -1, -1); }

int32_t set_cvec(bs::Context *ctx, const float *data, size_t len, int32_t n_embd, int32_t il_start, int32_t il_end) {
    return set_adapter_cvec(ctx, data, len, n_embd, il_start, il_end);
}

// The values v0.5.0's llama_context_default_params and llama_model_default_params set
// (src/llama-context.cpp and src/llama-model.cpp of that release).
std::string check_layout() {
    llama_context_params c = context_default_params();
    llama_model_params m = model_default_params();
    std::string bad;
    auto expect = [&](bool ok, const char *what) {
        if (!ok) bad += bad.empty() ? what : std::string(", ") + what;
    };
    expect(c.n_ctx == 512 && c.n_batch == 2048 && c.n_ubatch == 512 && c.n_seq_max == 1 && c.n_rs_seq == 0 &&
               c.n_outputs_max == 0 && c.n_outputs_max_per_seq == 1, "context sizes");
    expect(c.n_threads == 4 && c.n_threads_batch == 4 && c.ctx_type == 0, "threads");
    expect(c.flash_attn_type == -1, "flash_attn_type");
    expect(c.yarn_ext_factor == -1.0f && c.yarn_attn_factor == -1.0f && c.yarn_beta_fast == -1.0f &&
               c.yarn_beta_slow == -1.0f && c.defrag_thold == -1.0f, "yarn");
    expect(c.cb_eval == nullptr && c.abort_callback == nullptr, "callbacks");
    expect(c.type_k == bs::TYPE_F16 && c.type_v == bs::TYPE_F16, "KV types");
    expect(!c.embeddings && c.offload_kqv && c.no_perf && c.op_offload && c.swa_full && !c.kv_unified,
           "context flags");
    expect(c.samplers == nullptr && c.n_samplers == 0 && c.ctx_other == nullptr, "samplers");
    expect(m.devices == nullptr && m.n_gpu_layers == -1 && m.split_mode == 1 && m.load_mode == -1 &&
               m.lazy_mode == 1 && m.main_gpu == 0 && m.tensor_split == nullptr, "model parameters");
    expect(!m.vocab_only && !m.check_tensors && m.use_extra_bufts && !m.no_host && !m.no_alloc && !m.load_mtp,
           "model flags");
    return bad;
}

// The CPU backend is a plugin here: its thread-pool functions come from its registry.
void *threadpool_new(int32_t n_threads, int32_t poll) {
    bs::Device *cpu = dev_by_type(bs::DEVICE_CPU);
    if (!cpu) return nullptr;
    auto fn = reinterpret_cast<void *(*)(bs::ThreadpoolParams *)>(
        reg_get_proc_address(dev_backend_reg(cpu), "ggml_threadpool_new"));
    if (!fn) return nullptr;
    bs::ThreadpoolParams p = threadpool_params_default(n_threads);
    p.poll = (uint32_t)poll;
    return fn(&p);
}

void threadpool_free(void *tp) {
    bs::Device *cpu = dev_by_type(bs::DEVICE_CPU);
    if (!cpu) return;
    auto fn = reinterpret_cast<void (*)(void *)>(reg_get_proc_address(dev_backend_reg(cpu), "ggml_threadpool_free"));
    if (fn) fn(tp);
}

}  // namespace

namespace bs {

void bind_v0_5_0(Binder &b, Api &api) {
    b.bind(model_default_params, "llama_model_default_params");
    b.bind(context_default_params, "llama_context_default_params");
    b.bind(model_load_from_file, "llama_model_load_from_file");
    b.bind(init_from_model, "llama_init_from_model");
    b.bind(get_memory, "llama_get_memory");
    b.bind(mem_clear, "llama_memory_clear");
    b.bind(mem_seq_cp, "llama_memory_seq_cp");
    b.bind(set_adapter_cvec, "llama_set_adapter_cvec");
    b.bind(backend_load_all_from_path, "ggml_backend_load_all_from_path");
    b.bind(threadpool_params_default, "ggml_threadpool_params_default");
    b.bind(dev_by_type, "ggml_backend_dev_by_type");
    b.bind(dev_backend_reg, "ggml_backend_dev_backend_reg");
    b.bind(reg_get_proc_address, "ggml_backend_reg_get_proc_address");
    api.abi_name = "v0.5.0";
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
