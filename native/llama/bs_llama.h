/*
 * babelscope's llama shim: the only ABI Java sees for running models. A thin layer over llama.cpp's
 * C API for what babelscope needs: every layer's hidden state pooled per sequence, many sequences
 * per decode, the log-likelihood of a continuation, control vectors set per request, and batched
 * generation through llama.cpp's sampler chain.
 *
 * The shim links against no llama.cpp: bs_llama_runtime_open loads one at run time (dlopen) from
 * the folder of a build, once per process. Two ABIs are supported: llama.cpp release v0.5.0 (the
 * CPU, Vulkan and CUDA builds of node-llama-cpp 3.22.1's packages, or a user's own build of that
 * release) and build b4916 inside java-llama.cpp 4.2.0 (libjllama.so).
 *
 * Conventions: functions returning int give BS_LLAMA_OK (0) or an error code, with a message in
 * bs_llama_last_error() (thread-local). Token sequences are passed packed: tokens[] holds all
 * sequences back to back and offsets[] (n_seq + 1 entries, offsets[0] = 0) says where each starts.
 * Sessions are not thread-safe; use one per thread.
 */
#ifndef BS_LLAMA_H
#define BS_LLAMA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(BS_LLAMA_BUILDING_LIBRARY)
#define BS_LLAMA_API __attribute__((visibility("default")))
#else
#define BS_LLAMA_API
#endif

#define BS_LLAMA_OK 0
#define BS_LLAMA_ERR_ARGUMENT 1
#define BS_LLAMA_ERR_LOAD 2
#define BS_LLAMA_ERR_CONTEXT 3
#define BS_LLAMA_ERR_DECODE 4
#define BS_LLAMA_ERR_CAPTURE 5
#define BS_LLAMA_ERR_NO_MEMORY 6
#define BS_LLAMA_ERR_RUNTIME 7     /* no runtime open, or the library is not of the ABI asked for */

#define BS_LLAMA_ABI_B4916 1       /* java-llama.cpp 4.2.0's libjllama.so */
#define BS_LLAMA_ABI_V0_5_0 2      /* llama.cpp release v0.5.0 */

#define BS_DEVICE_CPU 0
#define BS_DEVICE_GPU 1
#define BS_DEVICE_IGPU 2
#define BS_DEVICE_ACCEL 3

#define BS_POOL_LAST 0      /* the last token's state */
#define BS_POOL_MEAN 1      /* mean over the tokens after BOS */
#define BS_POOL_WEIGHTED 2  /* position-weighted mean over the tokens after BOS: weight of the i-th is i */

#define BS_KV_F32 0
#define BS_KV_F16 1

typedef struct bs_llama_model bs_llama_model;
typedef struct bs_llama_session bs_llama_session;

typedef struct bs_llama_session_params {
    int32_t n_ctx;          /* tokens one decode may hold: all sequences of a batch together */
    int32_t n_seq_max;      /* sequences one decode may hold */
    int32_t n_threads;
    int32_t kv_type;        /* BS_KV_F32 or BS_KV_F16 */
    int32_t flash_attn;     /* 0 off (exact states), 1 on, -1 llama.cpp's automatic choice */
    int32_t poll;           /* CPU workers waiting: -1 llama.cpp's default (spin at level 50), 0 sleep .. 100 */
    int32_t kv_per_sequence; /* 0: one KV cache shared by all sequences (every call); 1: each of the n_seq_max
                              * sequences has n_ctx / n_seq_max cells of its own and attends only over them
                              * (llama.cpp's KV streams): generation's cost per token no longer grows with
                              * the other sequences' cells. Only bs_llama_generate, bs_llama_decode_plain and
                              * bs_llama_token_logprobs accept such a session (capture needs one micro-batch
                              * per decode, continuations share cells across sequences). b4916 has only the
                              * shared cache: there the flag only sets the per-sequence limit, and
                              * generation's cost still grows with all sequences' cells. */
} bs_llama_session_params;

/* How generation draws each token. temperature 0 is greedy; above 0 the chain is top-k, top-p,
 * min-p, temperature, then a draw seeded with seed (llama.cpp's own order). */
typedef struct bs_llama_sampling {
    float temperature;
    int32_t top_k;          /* <= 0: off */
    float top_p;            /* >= 1: off */
    float min_p;            /* <= 0: off */
    uint32_t seed;
} bs_llama_sampling;

#define BS_GEN_EOG 0        /* the model ended the text */
#define BS_GEN_STOP 1       /* a stop string appeared; the text ends before it */
#define BS_GEN_LENGTH 2     /* max_new_tokens generated */
#define BS_GEN_CONTEXT 3    /* the session's context is full */

BS_LLAMA_API const char *bs_llama_last_error(void);

/* Opens the llama.cpp library lib_path (dlopen; a library the process already loaded by that path
 * is shared, as java-llama.cpp's is), binds the functions of ABI abi (BS_LLAMA_ABI_*), checks that
 * the library's default parameters read through the project's declarations are those of that ABI,
 * and loads the backends kept in backends_dir (v0.5.0; NULL: the library's folder). quiet = 1 keeps
 * llama.cpp's log off stderr (its error lines still reach bs_llama_last_error). Once per process:
 * a second call for the same library does nothing, for another it fails. */
BS_LLAMA_API int32_t bs_llama_runtime_open(int32_t abi, const char *lib_path, const char *backends_dir,
                                           int32_t quiet);
/* llama.cpp's system line (CPU features of the backend loaded), or "" when no runtime is open. */
BS_LLAMA_API const char *bs_llama_system_info(void);
/* The devices the loaded backends offer (ggml's registry), CPU included. */
BS_LLAMA_API int32_t bs_llama_device_count(void);
/* Device i: returns its BS_DEVICE_* type (negative on error) and writes its name and description
 * (NUL-terminated, cut to the capacities) and memory in bytes. */
BS_LLAMA_API int32_t bs_llama_device_info(int32_t i, char *name, int32_t name_capacity, char *description,
                                          int32_t description_capacity, uint64_t *memory_free,
                                          uint64_t *memory_total);

BS_LLAMA_API bs_llama_model *bs_llama_model_load(const char *path, int32_t n_gpu_layers);
BS_LLAMA_API void bs_llama_model_free(bs_llama_model *model);
BS_LLAMA_API int32_t bs_llama_model_n_embd(const bs_llama_model *model);
BS_LLAMA_API int32_t bs_llama_model_n_layer(const bs_llama_model *model);
BS_LLAMA_API int32_t bs_llama_model_n_ctx_train(const bs_llama_model *model);

/* Tokenizes UTF-8 text the way java-llama.cpp's embed() does (BOS when add_bos, special tokens
 * parsed). Returns the token count; if it is larger than capacity, nothing useful was written and
 * the caller retries with that capacity. Negative on error. */
BS_LLAMA_API int32_t bs_llama_tokenize(const bs_llama_model *model, const char *text, int32_t text_len, int32_t add_bos,
                          int32_t *tokens, int32_t capacity);

BS_LLAMA_API bs_llama_session *bs_llama_session_new(bs_llama_model *model, const bs_llama_session_params *params);
BS_LLAMA_API void bs_llama_session_free(bs_llama_session *session);

/* Decodes n_seq sequences in one llama_decode and writes the pooled residual-stream state l_out of
 * layers first_layer..last_layer: out[((layer - first_layer) * n_seq + s) * n_embd + e].
 * The graph stops after last_layer: later layers and the output head are not computed. */
BS_LLAMA_API int32_t bs_llama_capture(bs_llama_session *session, const int32_t *tokens, const int32_t *offsets, int32_t n_seq,
                         int32_t pooling, int32_t first_layer, int32_t last_layer, float *out);

/* The same decode without capture (the last token's logits only): a baseline for benchmarks. */
BS_LLAMA_API int32_t bs_llama_decode_plain(bs_llama_session *session, const int32_t *tokens, const int32_t *offsets,
                              int32_t n_seq);

/* Log-probabilities of each sequence's own tokens from position score_from[s] on:
 * out[offsets[s] + t] = log p(tokens[offsets[s] + t] | the tokens before it) for t >= score_from[s]
 * (>= 1); other entries are left untouched. */
BS_LLAMA_API int32_t bs_llama_token_logprobs(bs_llama_session *session, const int32_t *tokens, const int32_t *offsets,
                                int32_t n_seq, const int32_t *score_from, float *out);

/* Multiple-choice scoring with shared contexts. n_items contexts (ctx_tokens packed by ctx_offsets,
 * as sequences above) and n_cont continuations (cont_tokens by cont_offsets); continuation c
 * belongs to item cont_item[c] (non-decreasing; every item has at least one). Each context is
 * decoded once and its KV cells are shared by its continuations, which are then decoded together:
 * out[cont_offsets[c] + t] = log p(token t of continuation c | its context and the continuation's
 * tokens before t), for every t. Needs all context and continuation tokens together <= n_ctx and
 * n_cont <= n_seq_max. */
BS_LLAMA_API int32_t bs_llama_score_continuations(bs_llama_session *session, const int32_t *ctx_tokens,
                                                  const int32_t *ctx_offsets, int32_t n_items,
                                                  const int32_t *cont_tokens, const int32_t *cont_offsets,
                                                  const int32_t *cont_item, int32_t n_cont, float *out);

/* Generates continuations of n_seq prompts together (tokens/offsets as above): the prompts are
 * decoded in one batch (on a kv_per_sequence session each prompt must fit n_ctx / n_seq_max and a
 * sequence's context is full at that many tokens; else all of them share n_ctx), then each unfinished sequence gets one new token per decode, drawn by its
 * own sampler chain (sampling[s]). Sequence s ends at an end-of-generation token, after
 * max_new_tokens, when the session's context is full, or when its text contains one of its stop
 * strings: stops[s] holds them back to back, each NUL-terminated, the last followed by a second NUL
 * (stops = NULL or stops[s] = NULL: none). Its UTF-8 text, cut before the first stop string, is
 * written to text + s * text_capacity (NUL-terminated, cut to text_capacity - 1 bytes), with its
 * byte length in text_length[s], the tokens generated in n_generated[s] and why it ended
 * (BS_GEN_*) in reason[s]. The KV cache is cleared first; the control vector set stays in force. */
BS_LLAMA_API int32_t bs_llama_generate(bs_llama_session *session, const int32_t *tokens, const int32_t *offsets,
                                       int32_t n_seq, const bs_llama_sampling *sampling,
                                       const char *const *stops, int32_t max_new_tokens, char *text,
                                       int32_t text_capacity, int32_t *text_length, int32_t *n_generated,
                                       int32_t *reason);

/* Sets the control vector used by every later decode: data holds n_embd floats per layer for layers
 * 1 .. n_layer - 1 (llama.cpp's layout; layer 0 cannot be steered), added to l_out of the layers in
 * [il_start, il_end]. data = NULL clears it. */
BS_LLAMA_API int32_t bs_llama_set_control_vector(bs_llama_session *session, const float *data, int64_t n_floats,
                                    int32_t il_start, int32_t il_end);

#ifdef __cplusplus
}
#endif

#endif
