// babelscope's llama shim (see bs_llama.h): capture of pooled per-layer states, token
// log-probabilities, control vectors and batched generation over the C API of a llama.cpp loaded
// at run time (llama_api.h).
#include "bs_llama.h"
#include "llama_api.h"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <vector>

namespace {

using bs::Token;

thread_local std::string g_last_error;

// The runtime: opened once per process, read-only afterwards.
bs::Api g_api;
bool g_open = false;
std::string g_lib_path;
std::mutex g_open_mutex;

// llama.cpp reports why a load failed only through its log; the last error lines are kept so the
// Java side can show them instead of a bare "failed to load".
std::mutex g_log_mutex;
std::string g_log_errors;
bool g_quiet = true;
int g_last_level = 0;

void log_callback(int level, const char *text, void *) {
    if (level != bs::LOG_CONT) g_last_level = level;
    if (g_last_level == bs::LOG_ERROR) {
        std::lock_guard<std::mutex> lock(g_log_mutex);
        g_log_errors += text;
        if (g_log_errors.size() > 4096) g_log_errors.erase(0, g_log_errors.size() - 4096);
    }
    if (!g_quiet) fputs(text, stderr);
}

std::string take_log_errors() {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    std::string s;
    s.swap(g_log_errors);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

int fail(int code, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    g_last_error = buf;
    return code;
}

// One sequence of a packed batch as the capture callback needs it.
struct SeqSpan {
    int32_t begin, end;   // token rows [begin, end) in the batch
    int32_t pool_begin;   // first token that pooling reads (skips BOS when there is more than it)
};

struct CaptureState {
    int32_t n_embd = 0;
    int32_t first = 0, last = -1;
    int32_t pooling = BS_POOL_LAST;
    int32_t n_tokens = 0, n_outputs = 0;
    std::vector<SeqSpan> seqs;
    std::vector<int32_t> output_row_of_token;  // -1 where the token has no output
    float *out = nullptr;
    std::vector<float> scratch;
    std::vector<double> acc;
    int32_t layers_seen = 0;
    std::string error;
    bool active = false;
    bool span_reads = false;  // states live in device memory: read rows in one span per layer
};

int layer_of(const char *name) {
    if (strncmp(name, "l_out-", 6) != 0) return -1;
    char *end = nullptr;
    long il = strtol(name + 6, &end, 10);
    return (end && *end == '\0') ? (int)il : -1;
}

// Pools one captured l_out tensor. Rows are the batch's tokens in order, except for the model's last
// layer, where llama.cpp keeps only the rows of tokens that asked for output.
bool pool_layer(CaptureState &c, const bs::Tensor *t, int il) {
    const int64_t E = c.n_embd;
    const int64_t n = g_api.tensor_nelements(t);
    if (g_api.tensor_nbytes(t) != (size_t)n * sizeof(float) || n % E != 0) {
        c.error = "l_out-" + std::to_string(il) + " is not a contiguous float32 tensor";
        return false;
    }
    const int64_t rows = n / E;
    bool by_output;
    if (rows == c.n_tokens) by_output = false;
    else if (rows == c.n_outputs) by_output = true;
    else {
        c.error = "l_out-" + std::to_string(il) + " has " + std::to_string(rows) + " rows for " +
                  std::to_string(c.n_tokens) + " tokens";
        return false;
    }
    float *dst_layer = c.out + (size_t)(il - c.first) * c.seqs.size() * E;
    auto row_of = [&](int32_t token) { return by_output ? c.output_row_of_token[token] : token; };

    if (c.pooling == BS_POOL_LAST) {
        if (!c.span_reads) {
            // In host memory each read is a copy of one row: only the rows needed are copied.
            for (size_t s = 0; s < c.seqs.size(); s++) {
                int32_t r = row_of(c.seqs[s].end - 1);
                g_api.tensor_get(t, dst_layer + s * E, (size_t)r * E * sizeof(float), E * sizeof(float));
            }
            return true;
        }
        // On a GPU every read is a transfer with its own synchronisation: one read of the rows from
        // the first needed to the last (measured on an H200 with Vulkan, 64 row reads per layer
        // tripled the time of a decode; one span read costs a few kB per row more on the bus).
        int32_t lo = INT32_MAX, hi = -1;
        for (const SeqSpan &q : c.seqs) {
            int32_t r = row_of(q.end - 1);
            lo = std::min(lo, r);
            hi = std::max(hi, r);
        }
        c.scratch.resize((size_t)(hi - lo + 1) * E);
        g_api.tensor_get(t, c.scratch.data(), (size_t)lo * E * sizeof(float), (size_t)(hi - lo + 1) * E * sizeof(float));
        for (size_t s = 0; s < c.seqs.size(); s++) {
            int32_t r = row_of(c.seqs[s].end - 1);
            memcpy(dst_layer + s * E, c.scratch.data() + (size_t)(r - lo) * E, E * sizeof(float));
        }
        return true;
    }
    c.scratch.resize((size_t)rows * E);
    g_api.tensor_get(t, c.scratch.data(), 0, (size_t)rows * E * sizeof(float));
    c.acc.resize(E);
    for (size_t s = 0; s < c.seqs.size(); s++) {
        const SeqSpan &q = c.seqs[s];
        std::fill(c.acc.begin(), c.acc.end(), 0.0);
        double wsum = 0;
        for (int32_t tok = q.pool_begin; tok < q.end; tok++) {
            int32_t r = row_of(tok);
            if (r < 0) {
                c.error = "token without output on the last layer";
                return false;
            }
            double w = c.pooling == BS_POOL_WEIGHTED ? (double)(tok - q.pool_begin + 1) : 1.0;
            const float *x = c.scratch.data() + (size_t)r * E;
            for (int64_t e = 0; e < E; e++) c.acc[e] += w * x[e];
            wsum += w;
        }
        float *dst = dst_layer + s * E;
        for (int64_t e = 0; e < E; e++) dst[e] = (float)(c.acc[e] / wsum);
    }
    return true;
}

bool capture_callback(bs::Tensor *t, bool ask, void *user_data) {
    CaptureState &c = *static_cast<CaptureState *>(user_data);
    if (!c.active) return ask ? false : true;
    int il = layer_of(g_api.tensor_name(t));
    bool wanted = il >= c.first && il <= c.last;
    if (ask) return wanted;
    if (!wanted) return true;
    if (!c.error.empty()) return false;
    if (!pool_layer(c, t, il)) return false;
    c.layers_seen++;
    // Returning false ends the graph here: layers after the last one asked for, and the output head,
    // are never computed.
    return il < c.last;
}

bool valid_packing(const int32_t *tokens, const int32_t *offsets, int32_t n_seq, int32_t n_ctx, int32_t n_seq_max,
                   int32_t n_vocab, int32_t n_ctx_seq) {
    if (!tokens || !offsets || n_seq <= 0) {
        fail(BS_LLAMA_ERR_ARGUMENT, "no sequences given");
        return false;
    }
    if (n_seq > n_seq_max) {
        fail(BS_LLAMA_ERR_ARGUMENT, "%d sequences in one decode, the session holds at most %d", n_seq, n_seq_max);
        return false;
    }
    if (offsets[0] != 0) {
        fail(BS_LLAMA_ERR_ARGUMENT, "offsets[0] must be 0");
        return false;
    }
    for (int32_t s = 0; s < n_seq; s++) {
        if (offsets[s + 1] <= offsets[s]) {
            fail(BS_LLAMA_ERR_ARGUMENT, "sequence %d is empty", s);
            return false;
        }
    }
    if (offsets[n_seq] > n_ctx) {
        fail(BS_LLAMA_ERR_ARGUMENT, "%d tokens in one decode, the session holds at most %d", offsets[n_seq], n_ctx);
        return false;
    }
    for (int32_t s = 0; s < n_seq; s++) {
        if (offsets[s + 1] - offsets[s] > n_ctx_seq) {
            fail(BS_LLAMA_ERR_ARGUMENT, "sequence %d has %d tokens, the session holds at most %d per sequence", s,
                 offsets[s + 1] - offsets[s], n_ctx_seq);
            return false;
        }
    }
    for (int32_t i = 0; i < offsets[n_seq]; i++) {
        if (tokens[i] < 0 || tokens[i] >= n_vocab) {
            fail(BS_LLAMA_ERR_ARGUMENT, "token id %d out of the vocabulary (%d tokens)", tokens[i], n_vocab);
            return false;
        }
    }
    return true;
}

}  // namespace

struct bs_llama_model {
    bs::Model *model;
    const bs::Vocab *vocab;
    int32_t n_embd, n_layer, n_vocab, n_ctx_train, bos;
    bool offloaded;  // loaded with GPU layers on a build that has a GPU device
};

struct bs_llama_session {
    bs_llama_model *model;
    bs::Context *ctx;
    bs::Batch batch;
    void *threadpool;  // ours when the session asked for a polling level, else null
    int32_t n_ctx, n_seq_max;
    bool per_sequence;  // one KV stream per sequence (kv_per_sequence)
    int32_t n_ctx_seq;  // the tokens one sequence may hold: n_ctx / n_seq_max per sequence, else n_ctx
    CaptureState capture;
};

namespace {

// Fills the session's batch: one sequence id per token, positions restarting at 0 for each
// sequence, output requested where want_output says. The KV cache is cleared: each decode stands
// alone.
template <typename WantOutput>
int32_t fill_batch(bs_llama_session *s, const int32_t *tokens, const int32_t *offsets, int32_t n_seq,
                   WantOutput want_output) {
    bs::Batch &b = s->batch;
    int32_t n = offsets[n_seq], n_out = 0;
    for (int32_t q = 0; q < n_seq; q++) {
        for (int32_t i = offsets[q]; i < offsets[q + 1]; i++) {
            b.token[i] = tokens[i];
            b.pos[i] = i - offsets[q];
            b.n_seq_id[i] = 1;
            b.seq_id[i][0] = q;
            bool out = want_output(q, i);
            b.logits[i] = out ? 1 : 0;
            n_out += out;
        }
    }
    b.n_tokens = n;
    g_api.memory_clear(s->ctx);
    return n_out;
}

int decode(bs_llama_session *s) {
    int32_t rc = g_api.decode(s->ctx, s->batch);
    if (rc != 0) {
        std::string log = take_log_errors();
        return fail(BS_LLAMA_ERR_DECODE, "llama_decode failed (%d)%s%s", rc, log.empty() ? "" : ": ", log.c_str());
    }
    return BS_LLAMA_OK;
}

// log(sum_k exp(logits[k])) over the vocabulary, in double: the normaliser of a log-softmax.
double log_sum_exp(const float *lg, int32_t n_vocab) {
    double mx = lg[0];
    for (int32_t k = 1; k < n_vocab; k++) mx = std::max(mx, (double)lg[k]);
    double sum = 0;
    for (int32_t k = 0; k < n_vocab; k++) sum += std::exp((double)lg[k] - mx);
    return mx + std::log(sum);
}

}  // namespace

extern "C" {

const char *bs_llama_last_error(void) { return g_last_error.c_str(); }

int32_t bs_llama_runtime_open(int32_t abi, const char *lib_path, const char *backends_dir, int32_t quiet) {
    g_last_error.clear();
    std::lock_guard<std::mutex> lock(g_open_mutex);
    if (!lib_path) return fail(BS_LLAMA_ERR_ARGUMENT, "no library path");
    if (g_open) {
        if (g_lib_path == lib_path) return BS_LLAMA_OK;
        return fail(BS_LLAMA_ERR_RUNTIME, "llama.cpp is already loaded from %s; one process runs one llama.cpp",
                    g_lib_path.c_str());
    }
    if (abi != BS_LLAMA_ABI_B4916 && abi != BS_LLAMA_ABI_V0_5_0) return fail(BS_LLAMA_ERR_ARGUMENT, "unknown ABI %d", abi);
    // RTLD_LOCAL: the JVM loads libraries so too, and a second llama.cpp must not see this one's symbols.
    void *handle = dlopen(lib_path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) return fail(BS_LLAMA_ERR_RUNTIME, "cannot load %s: %s", lib_path, dlerror());
    bs::Api api;
    bs::Binder binder(handle);
    bs::bind_common(binder, api);
    if (abi == BS_LLAMA_ABI_B4916) bs::bind_b4916(binder, api);
    else bs::bind_v0_5_0(binder, api);
    if (!binder.missing().empty()) {
        dlclose(handle);
        return fail(BS_LLAMA_ERR_RUNTIME, "%s is not llama.cpp of the %s ABI: it lacks %s", lib_path, api.abi_name,
                    binder.missing().c_str());
    }
    std::string layout = api.check_layout();
    if (!layout.empty()) {
        dlclose(handle);
        return fail(BS_LLAMA_ERR_RUNTIME,
                    "%s is not llama.cpp of the %s ABI: its default parameters differ (%s), so its structs are "
                    "laid out otherwise",
                    lib_path, api.abi_name, layout.c_str());
    }
    g_api = api;
    g_quiet = quiet != 0;
    g_api.log_set(log_callback, nullptr);
    g_api.backend_init();
    std::string dir = backends_dir ? backends_dir : "";
    if (dir.empty()) {
        dir = lib_path;
        size_t slash = dir.find_last_of('/');
        dir = slash == std::string::npos ? "." : dir.substr(0, slash);
    }
    g_api.load_backends(dir.c_str());
    g_lib_path = lib_path;
    g_open = true;
    return BS_LLAMA_OK;
}

const char *bs_llama_system_info(void) { return g_open ? g_api.print_system_info() : ""; }

int32_t bs_llama_device_count(void) { return g_open ? (int32_t)g_api.dev_count() : 0; }

int32_t bs_llama_device_info(int32_t i, char *name, int32_t name_capacity, char *description,
                             int32_t description_capacity, uint64_t *memory_free, uint64_t *memory_total) {
    g_last_error.clear();
    if (!g_open) return -fail(BS_LLAMA_ERR_RUNTIME, "no llama.cpp runtime is open");
    if (i < 0 || (size_t)i >= g_api.dev_count()) return -fail(BS_LLAMA_ERR_ARGUMENT, "no device %d", i);
    bs::Device *d = g_api.dev_get((size_t)i);
    auto copy = [](char *dst, int32_t cap, const char *src) {
        if (!dst || cap <= 0) return;
        snprintf(dst, (size_t)cap, "%s", src ? src : "");
    };
    copy(name, name_capacity, g_api.dev_name(d));
    copy(description, description_capacity, g_api.dev_description(d));
    size_t free_bytes = 0, total_bytes = 0;
    g_api.dev_memory(d, &free_bytes, &total_bytes);
    if (memory_free) *memory_free = free_bytes;
    if (memory_total) *memory_total = total_bytes;
    return g_api.dev_type(d);
}

bs_llama_model *bs_llama_model_load(const char *path, int32_t n_gpu_layers) {
    g_last_error.clear();
    if (!g_open) {
        fail(BS_LLAMA_ERR_RUNTIME, "no llama.cpp runtime is open");
        return nullptr;
    }
    take_log_errors();
    bs::Model *m = g_api.load_model(path, n_gpu_layers);
    if (!m) {
        std::string log = take_log_errors();
        fail(BS_LLAMA_ERR_LOAD, "llama.cpp could not load %s%s%s", path, log.empty() ? "" : ": ", log.c_str());
        return nullptr;
    }
    bs_llama_model *bm = new (std::nothrow) bs_llama_model;
    if (!bm) {
        g_api.model_free(m);
        fail(BS_LLAMA_ERR_NO_MEMORY, "out of memory");
        return nullptr;
    }
    bm->model = m;
    bm->vocab = g_api.model_get_vocab(m);
    bm->n_embd = g_api.model_n_embd(m);
    bm->n_layer = g_api.model_n_layer(m);
    bm->n_vocab = g_api.vocab_n_tokens(bm->vocab);
    bm->n_ctx_train = g_api.model_n_ctx_train(m);
    bm->bos = g_api.vocab_bos(bm->vocab);
    bm->offloaded = false;
    if (n_gpu_layers != 0) {
        for (size_t i = 0; i < g_api.dev_count(); i++) {
            int type = g_api.dev_type(g_api.dev_get(i));
            if (type == bs::DEVICE_GPU || type == bs::DEVICE_IGPU) bm->offloaded = true;
        }
    }
    return bm;
}

void bs_llama_model_free(bs_llama_model *model) {
    if (!model) return;
    g_api.model_free(model->model);
    delete model;
}

int32_t bs_llama_model_n_embd(const bs_llama_model *m) { return m->n_embd; }
int32_t bs_llama_model_n_layer(const bs_llama_model *m) { return m->n_layer; }
int32_t bs_llama_model_n_ctx_train(const bs_llama_model *m) { return m->n_ctx_train; }

int32_t bs_llama_tokenize(const bs_llama_model *model, const char *text, int32_t text_len, int32_t add_bos,
                          int32_t *tokens, int32_t capacity) {
    int32_t n = g_api.tokenize(model->vocab, text, text_len, tokens, capacity, add_bos != 0, true);
    if (n == INT32_MIN) return -fail(BS_LLAMA_ERR_ARGUMENT, "text too long to tokenize");
    return n < 0 ? -n : n;   // llama.cpp returns -(tokens needed) when capacity is short
}

bs_llama_session *bs_llama_session_new(bs_llama_model *model, const bs_llama_session_params *params) {
    if (!model || !params || params->n_ctx < 1 || params->n_seq_max < 1 || params->n_threads < 1 ||
        (params->kv_type != BS_KV_F32 && params->kv_type != BS_KV_F16) || params->flash_attn < -1 ||
        params->flash_attn > 1 || params->poll < -1 || params->poll > 100 || params->kv_per_sequence < 0 ||
        params->kv_per_sequence > 1 || (params->kv_per_sequence && params->n_ctx < params->n_seq_max)) {
        fail(BS_LLAMA_ERR_ARGUMENT, "bad session parameters");
        return nullptr;
    }
    bs_llama_session *s = new (std::nothrow) bs_llama_session;
    if (!s) {
        fail(BS_LLAMA_ERR_NO_MEMORY, "out of memory");
        return nullptr;
    }
    s->model = model;
    s->n_ctx = params->n_ctx;
    s->n_seq_max = params->n_seq_max;
    s->per_sequence = params->kv_per_sequence != 0;
    // llama.cpp pads each stream up to a multiple of 256 cells: n_ctx / n_seq_max always fit.
    s->n_ctx_seq = s->per_sequence ? params->n_ctx / params->n_seq_max : params->n_ctx;
    s->threadpool = nullptr;
    s->capture.n_embd = model->n_embd;
    // BABELSCOPE_CAPTURE_ROW_READS=1 reads row by row anyway: the baseline of the span reads in benchmarks.
    s->capture.span_reads = model->offloaded && !getenv("BABELSCOPE_CAPTURE_ROW_READS");

    bs::ContextSpec c;
    // One decode is one micro-batch: the capture callback then sees each layer once per decode.
    c.n_ctx = (uint32_t)params->n_ctx;
    c.n_batch = (uint32_t)params->n_ctx;
    // Per-sequence streams are cut into micro-batches anyway (equal tokens per sequence): 512 tokens
    // each bounds the attention scores' buffer (n_seq_max <= 256 in llama.cpp, so one token of every
    // sequence always fits).
    c.n_ubatch = (uint32_t)(s->per_sequence ? std::min(params->n_ctx, 512) : params->n_ctx);
    c.n_seq_max = (uint32_t)params->n_seq_max;
    c.n_threads = params->n_threads;
    c.type_kv = params->kv_type == BS_KV_F32 ? bs::TYPE_F32 : bs::TYPE_F16;
    c.flash_attn = params->flash_attn;
    c.kv_per_sequence = s->per_sequence;
    c.cb_eval = capture_callback;
    c.cb_eval_data = &s->capture;
    take_log_errors();
    s->ctx = g_api.new_context(model->model, c);
    if (!s->ctx) {
        std::string log = take_log_errors();
        fail(BS_LLAMA_ERR_CONTEXT, "llama.cpp could not create a context of %d tokens%s%s", params->n_ctx,
             log.empty() ? "" : ": ", log.c_str());
        delete s;
        return nullptr;
    }
    if (params->poll >= 0) {
        // llama.cpp's own pool spins while it waits for work (poll 50): on a machine whose cores are
        // busy with other work, spinning workers steal time from the one doing it.
        s->threadpool = g_api.threadpool_new(params->n_threads, params->poll);
        if (s->threadpool) g_api.attach_threadpool(s->ctx, s->threadpool, s->threadpool);
    }
    s->batch = g_api.batch_init(params->n_ctx, 0, 1);
    return s;
}

void bs_llama_session_free(bs_llama_session *s) {
    if (!s) return;
    g_api.batch_free(s->batch);
    g_api.free(s->ctx);
    if (s->threadpool) g_api.threadpool_free(s->threadpool);
    delete s;
}

int32_t bs_llama_capture(bs_llama_session *s, const int32_t *tokens, const int32_t *offsets, int32_t n_seq,
                         int32_t pooling, int32_t first_layer, int32_t last_layer, float *out) {
    g_last_error.clear();
    const bs_llama_model *m = s->model;
    if (s->per_sequence)
        return fail(BS_LLAMA_ERR_ARGUMENT, "capture needs a session with the shared KV cache (kv_per_sequence 0)");
    if (!valid_packing(tokens, offsets, n_seq, s->n_ctx, s->n_seq_max, m->n_vocab, s->n_ctx_seq))
        return BS_LLAMA_ERR_ARGUMENT;
    if (pooling != BS_POOL_LAST && pooling != BS_POOL_MEAN && pooling != BS_POOL_WEIGHTED)
        return fail(BS_LLAMA_ERR_ARGUMENT, "unknown pooling %d", pooling);
    if (first_layer < 0 || last_layer >= m->n_layer || first_layer > last_layer)
        return fail(BS_LLAMA_ERR_ARGUMENT, "layers %d-%d outside the model's 0-%d", first_layer, last_layer,
                    m->n_layer - 1);
    if (!out) return fail(BS_LLAMA_ERR_ARGUMENT, "no output buffer");

    CaptureState &c = s->capture;
    c.first = first_layer;
    c.last = last_layer;
    c.pooling = pooling;
    c.out = out;
    c.layers_seen = 0;
    c.error.clear();
    c.seqs.resize(n_seq);
    // The last layer computes only the rows of tokens that ask for output: mean pooling over it
    // needs every token's row, last-token pooling only the last.
    bool all_outputs = pooling != BS_POOL_LAST && last_layer == m->n_layer - 1;
    int32_t n_out = fill_batch(s, tokens, offsets, n_seq,
                               [&](int32_t q, int32_t i) { return all_outputs || i == offsets[q + 1] - 1; });
    c.n_tokens = offsets[n_seq];
    c.n_outputs = n_out;
    c.output_row_of_token.assign(c.n_tokens, -1);
    for (int32_t i = 0, r = 0; i < c.n_tokens; i++)
        if (s->batch.logits[i]) c.output_row_of_token[i] = r++;
    for (int32_t q = 0; q < n_seq; q++) {
        SeqSpan &span = c.seqs[q];
        span.begin = offsets[q];
        span.end = offsets[q + 1];
        bool skip_bos = span.end - span.begin > 1 && tokens[span.begin] == m->bos;
        span.pool_begin = span.begin + (skip_bos ? 1 : 0);
    }
    c.active = true;
    int rc = decode(s);
    c.active = false;
    if (!c.error.empty()) return fail(BS_LLAMA_ERR_CAPTURE, "capture failed: %s", c.error.c_str());
    if (rc != BS_LLAMA_OK) return rc;
    int32_t expected = last_layer - first_layer + 1;
    if (c.layers_seen != expected)
        return fail(BS_LLAMA_ERR_CAPTURE, "captured %d of %d layers: the graph has no l_out tensor for the others",
                    c.layers_seen, expected);
    return BS_LLAMA_OK;
}

int32_t bs_llama_decode_plain(bs_llama_session *s, const int32_t *tokens, const int32_t *offsets, int32_t n_seq) {
    g_last_error.clear();
    if (!valid_packing(tokens, offsets, n_seq, s->n_ctx, s->n_seq_max, s->model->n_vocab, s->n_ctx_seq))
        return BS_LLAMA_ERR_ARGUMENT;
    fill_batch(s, tokens, offsets, n_seq, [&](int32_t q, int32_t i) { return i == offsets[q + 1] - 1; });
    return decode(s);
}

int32_t bs_llama_token_logprobs(bs_llama_session *s, const int32_t *tokens, const int32_t *offsets, int32_t n_seq,
                                const int32_t *score_from, float *out) {
    g_last_error.clear();
    const int32_t V = s->model->n_vocab;
    if (!valid_packing(tokens, offsets, n_seq, s->n_ctx, s->n_seq_max, V, s->n_ctx_seq))
        return BS_LLAMA_ERR_ARGUMENT;
    if (!score_from || !out) return fail(BS_LLAMA_ERR_ARGUMENT, "no score_from or output buffer");
    for (int32_t q = 0; q < n_seq; q++) {
        int32_t len = offsets[q + 1] - offsets[q];
        if (score_from[q] < 1 || score_from[q] > len)
            return fail(BS_LLAMA_ERR_ARGUMENT, "sequence %d: scoring must start in 1..%d, got %d", q, len,
                        score_from[q]);
    }
    // Token t is predicted by the logits of token t - 1.
    fill_batch(s, tokens, offsets, n_seq, [&](int32_t q, int32_t i) {
        int32_t t = i - offsets[q] + 1;
        return t >= score_from[q] && t < offsets[q + 1] - offsets[q];
    });
    int rc = decode(s);
    if (rc != BS_LLAMA_OK) return rc;
    for (int32_t q = 0; q < n_seq; q++) {
        for (int32_t t = score_from[q]; t < offsets[q + 1] - offsets[q]; t++) {
            const float *lg = g_api.get_logits_ith(s->ctx, offsets[q] + t - 1);
            if (!lg) return fail(BS_LLAMA_ERR_DECODE, "no logits for token %d of sequence %d", t - 1, q);
            out[offsets[q] + t] = (float)((double)lg[tokens[offsets[q] + t]] - log_sum_exp(lg, V));
        }
    }
    return BS_LLAMA_OK;
}

int32_t bs_llama_score_continuations(bs_llama_session *s, const int32_t *ctx_tokens, const int32_t *ctx_offsets,
                                     int32_t n_items, const int32_t *cont_tokens, const int32_t *cont_offsets,
                                     const int32_t *cont_item, int32_t n_cont, float *out) {
    g_last_error.clear();
    if (s->per_sequence)
        return fail(BS_LLAMA_ERR_ARGUMENT,
                    "continuation scoring needs a session with the shared KV cache (kv_per_sequence 0)");
    const int32_t V = s->model->n_vocab;
    if (!valid_packing(ctx_tokens, ctx_offsets, n_items, s->n_ctx, s->n_seq_max, V, s->n_ctx_seq))
        return BS_LLAMA_ERR_ARGUMENT;
    if (!valid_packing(cont_tokens, cont_offsets, n_cont, s->n_ctx, s->n_seq_max, V, s->n_ctx_seq))
        return BS_LLAMA_ERR_ARGUMENT;
    if (!cont_item || !out) return fail(BS_LLAMA_ERR_ARGUMENT, "no cont_item or output buffer");
    if (ctx_offsets[n_items] + cont_offsets[n_cont] > s->n_ctx)
        return fail(BS_LLAMA_ERR_ARGUMENT, "%d context and %d continuation tokens, the session holds at most %d",
                    ctx_offsets[n_items], cont_offsets[n_cont], s->n_ctx);
    // The first continuation of each item carries its context's sequence id.
    std::vector<int32_t> first(n_items, -1);
    for (int32_t c = 0; c < n_cont; c++) {
        int32_t j = cont_item[c];
        if (j < 0 || j >= n_items || (c > 0 && j < cont_item[c - 1]))
            return fail(BS_LLAMA_ERR_ARGUMENT, "cont_item must be non-decreasing in 0..%d, got %d at %d", n_items - 1,
                        j, c);
        if (first[j] < 0) first[j] = c;
    }
    for (int32_t j = 0; j < n_items; j++)
        if (first[j] < 0) return fail(BS_LLAMA_ERR_ARGUMENT, "item %d has no continuation", j);

    bs::Batch &b = s->batch;
    g_api.memory_clear(s->ctx);
    // 1. Every context once, the logits of its last token only.
    for (int32_t j = 0; j < n_items; j++) {
        for (int32_t i = ctx_offsets[j]; i < ctx_offsets[j + 1]; i++) {
            b.token[i] = ctx_tokens[i];
            b.pos[i] = i - ctx_offsets[j];
            b.n_seq_id[i] = 1;
            b.seq_id[i][0] = first[j];
            b.logits[i] = i == ctx_offsets[j + 1] - 1;
        }
    }
    b.n_tokens = ctx_offsets[n_items];
    int rc = decode(s);
    if (rc != BS_LLAMA_OK) return rc;
    // The first token of every continuation of an item is scored by the same logits: one
    // normaliser per item.
    const float *ctx_lg = nullptr;
    double lse = 0;
    for (int32_t c = 0; c < n_cont; c++) {
        int32_t j = cont_item[c];
        if (c == first[j]) {
            ctx_lg = g_api.get_logits_ith(s->ctx, ctx_offsets[j + 1] - 1);
            if (!ctx_lg) return fail(BS_LLAMA_ERR_DECODE, "no logits for the last token of context %d", j);
            lse = log_sum_exp(ctx_lg, V);
        }
        out[cont_offsets[c]] = (float)((double)ctx_lg[cont_tokens[cont_offsets[c]]] - lse);
        // 2. The other continuations of the item see the same context cells.
        if (c != first[j]) g_api.memory_seq_cp(s->ctx, first[j], c);
    }
    // 3. Every continuation after its context; token t - 1's logits score token t.
    bool any_longer = false;
    for (int32_t c = 0; c < n_cont; c++) {
        int32_t j = cont_item[c];
        int32_t ctx_len = ctx_offsets[j + 1] - ctx_offsets[j];
        for (int32_t i = cont_offsets[c]; i < cont_offsets[c + 1]; i++) {
            b.token[i] = cont_tokens[i];
            b.pos[i] = ctx_len + (i - cont_offsets[c]);
            b.n_seq_id[i] = 1;
            b.seq_id[i][0] = c;
            b.logits[i] = i < cont_offsets[c + 1] - 1;
            any_longer = any_longer || b.logits[i];
        }
    }
    if (!any_longer) return BS_LLAMA_OK;  // one-token continuations: the contexts' logits said it all
    b.n_tokens = cont_offsets[n_cont];
    rc = decode(s);
    if (rc != BS_LLAMA_OK) return rc;
    for (int32_t c = 0; c < n_cont; c++) {
        for (int32_t i = cont_offsets[c] + 1; i < cont_offsets[c + 1]; i++) {
            const float *lg = g_api.get_logits_ith(s->ctx, i - 1);
            if (!lg) return fail(BS_LLAMA_ERR_DECODE, "no logits for token %d of continuation %d", i - 1, c);
            out[i] = (float)((double)lg[cont_tokens[i]] - log_sum_exp(lg, V));
        }
    }
    return BS_LLAMA_OK;
}

int32_t bs_llama_generate(bs_llama_session *s, const int32_t *tokens, const int32_t *offsets, int32_t n_seq,
                          const bs_llama_sampling *sampling, const char *const *stops, int32_t max_new_tokens,
                          char *text, int32_t text_capacity, int32_t *text_length, int32_t *n_generated,
                          int32_t *reason) {
    g_last_error.clear();
    const bs_llama_model *m = s->model;
    if (!valid_packing(tokens, offsets, n_seq, s->n_ctx, s->n_seq_max, m->n_vocab, s->n_ctx_seq))
        return BS_LLAMA_ERR_ARGUMENT;
    if (!sampling || !text || text_capacity < 1 || !text_length || !n_generated || !reason)
        return fail(BS_LLAMA_ERR_ARGUMENT, "no sampling or output buffers");
    if (max_new_tokens < 0) return fail(BS_LLAMA_ERR_ARGUMENT, "max_new_tokens must be 0 or more");
    for (int32_t q = 0; q < n_seq; q++) {
        const bs_llama_sampling &p = sampling[q];
        if (!(p.temperature >= 0 && std::isfinite(p.temperature)) || !(p.top_p > 0) || !(p.min_p >= 0 && p.min_p < 1))
            return fail(BS_LLAMA_ERR_ARGUMENT,
                        "sequence %d: temperature must be >= 0, top_p > 0 and min_p in [0, 1) (got %g, %g, %g)", q,
                        p.temperature, p.top_p, p.min_p);
    }

    struct Generation {
        bs::Sampler *chain = nullptr;
        std::vector<std::string> stops;
        std::string text;
        int32_t pos = 0, n = 0, reason = BS_GEN_LENGTH, out_index = 0;
        bool live = true;
    };
    std::vector<Generation> gen(n_seq);
    // Frees the sampler chains on every way out.
    struct Chains {
        std::vector<Generation> &g;
        ~Chains() {
            for (auto &x : g)
                if (x.chain) g_api.sampler_free(x.chain);
        }
    } chains{gen};
    for (int32_t q = 0; q < n_seq; q++) {
        const bs_llama_sampling &p = sampling[q];
        Generation &g = gen[q];
        bs::SamplerChainParams cp = g_api.sampler_chain_default_params();
        cp.no_perf = true;
        g.chain = g_api.sampler_chain_init(cp);
        if (p.temperature == 0) {
            g_api.sampler_chain_add(g.chain, g_api.sampler_init_greedy());
        } else {
            if (p.top_k > 0) g_api.sampler_chain_add(g.chain, g_api.sampler_init_top_k(p.top_k));
            if (p.top_p < 1) g_api.sampler_chain_add(g.chain, g_api.sampler_init_top_p(p.top_p, 1));
            if (p.min_p > 0) g_api.sampler_chain_add(g.chain, g_api.sampler_init_min_p(p.min_p, 1));
            g_api.sampler_chain_add(g.chain, g_api.sampler_init_temp(p.temperature));
            g_api.sampler_chain_add(g.chain, g_api.sampler_init_dist(p.seed));
        }
        if (stops && stops[q]) {
            for (const char *at = stops[q]; *at; at += strlen(at) + 1) g.stops.emplace_back(at);
        }
        g.pos = offsets[q + 1] - offsets[q];
        g.out_index = offsets[q + 1] - 1;
    }

    // 1. All prompts in one decode, each asking for its last token's logits.
    fill_batch(s, tokens, offsets, n_seq, [&](int32_t q, int32_t i) { return i == offsets[q + 1] - 1; });
    int rc = decode(s);
    if (rc != BS_LLAMA_OK) return rc;
    int32_t cells = offsets[n_seq];
    std::vector<char> piece(256);
    bs::Batch &b = s->batch;
    // 2. One token for every unfinished sequence per decode.
    while (true) {
        int32_t k = 0;
        for (int32_t q = 0; q < n_seq; q++) {
            Generation &g = gen[q];
            if (!g.live) continue;
            if (g.n == max_new_tokens) {
                g.reason = BS_GEN_LENGTH;
                g.live = false;
                continue;
            }
            Token t = g_api.sampler_sample(g.chain, s->ctx, g.out_index);
            g.n++;
            if (g_api.vocab_is_eog(m->vocab, t)) {
                g.reason = BS_GEN_EOG;
                g.live = false;
                continue;
            }
            int32_t len = g_api.token_to_piece(m->vocab, t, piece.data(), (int32_t)piece.size(), 0, false);
            if (len < 0) {
                piece.resize((size_t)-len);
                len = g_api.token_to_piece(m->vocab, t, piece.data(), (int32_t)piece.size(), 0, false);
            }
            size_t scan_from = g.text.size();
            g.text.append(piece.data(), (size_t)std::max(len, 0));
            size_t cut = std::string::npos;
            for (const std::string &stop : g.stops) {
                // Only where the new piece could have completed it.
                size_t from = scan_from >= stop.size() ? scan_from - stop.size() + 1 : 0;
                size_t at = g.text.find(stop, from);
                if (at != std::string::npos) cut = std::min(cut, at);
            }
            if (cut != std::string::npos) {
                g.text.resize(cut);
                g.reason = BS_GEN_STOP;
                g.live = false;
                continue;
            }
            if (g.n == max_new_tokens) {
                g.reason = BS_GEN_LENGTH;
                g.live = false;
                continue;
            }
            if (s->per_sequence ? g.pos >= s->n_ctx_seq : cells >= s->n_ctx) {
                g.reason = BS_GEN_CONTEXT;
                g.live = false;
                continue;
            }
            b.token[k] = t;
            b.pos[k] = g.pos++;
            b.n_seq_id[k] = 1;
            b.seq_id[k][0] = q;
            b.logits[k] = 1;
            g.out_index = k;
            k++;
            cells++;
        }
        if (k == 0) break;
        b.n_tokens = k;
        rc = decode(s);
        if (rc != BS_LLAMA_OK) return rc;
    }
    for (int32_t q = 0; q < n_seq; q++) {
        const Generation &g = gen[q];
        size_t len = std::min(g.text.size(), (size_t)text_capacity - 1);
        char *dst = text + (size_t)q * (size_t)text_capacity;
        memcpy(dst, g.text.data(), len);
        dst[len] = '\0';
        text_length[q] = (int32_t)len;
        n_generated[q] = g.n;
        reason[q] = g.reason;
    }
    return BS_LLAMA_OK;
}

int32_t bs_llama_set_control_vector(bs_llama_session *s, const float *data, int64_t n_floats, int32_t il_start,
                                    int32_t il_end) {
    g_last_error.clear();
    const bs_llama_model *m = s->model;
    if (data) {
        if (n_floats <= 0 || n_floats % m->n_embd != 0 || n_floats > (int64_t)m->n_embd * (m->n_layer - 1))
            return fail(BS_LLAMA_ERR_ARGUMENT, "a control vector holds n_embd (%d) floats for each of layers 1..%d",
                        m->n_embd, m->n_layer - 1);
        if (il_start < 1 || il_end >= m->n_layer || il_start > il_end)
            return fail(BS_LLAMA_ERR_ARGUMENT, "control vector layers %d-%d outside 1-%d", il_start, il_end,
                        m->n_layer - 1);
    }
    int32_t rc = g_api.set_cvec(s->ctx, data, (size_t)n_floats, m->n_embd, il_start, il_end);
    if (rc != 0) {
        std::string log = take_log_errors();
        return fail(BS_LLAMA_ERR_ARGUMENT, "llama.cpp refused the control vector (%d)%s%s", rc,
                    log.empty() ? "" : ": ", log.c_str());
    }
    return BS_LLAMA_OK;
}

}  // extern "C"
