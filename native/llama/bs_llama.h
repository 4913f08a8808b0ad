/*
 * babelscope's llama shim: the only ABI Java sees for running models. A thin layer over the C API
 * of the llama.cpp build inside java-llama.cpp (libjllama.so, b4916) for what java-llama.cpp's own
 * Java API cannot do: every layer's hidden state pooled per sequence, many sequences per decode,
 * the log-likelihood of a continuation, and control vectors set per request.
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
} bs_llama_session_params;

/* What llama_*_default_params() of the loaded library return, read through the project's own
 * declarations of the b4916 structs: a test compares them with the values b4916 is known to set. */
typedef struct bs_llama_abi_report {
    int32_t n_ctx, n_batch, n_ubatch, n_seq_max, n_threads, type_k, type_v;
    int32_t split_mode, vocab_only, use_mmap, use_mlock, check_tensors;
    int32_t logits_all, embeddings, offload_kqv, flash_attn, no_perf;
    float yarn_ext_factor, yarn_attn_factor, yarn_beta_fast, yarn_beta_slow;
    int32_t cb_eval_is_null, abort_callback_is_null;
} bs_llama_abi_report;

BS_LLAMA_API const char *bs_llama_last_error(void);

/* Once per process, before anything else. quiet = 1 keeps llama.cpp's log off stderr (errors are
 * still kept and appear in bs_llama_last_error). */
BS_LLAMA_API void bs_llama_init(int32_t quiet);
BS_LLAMA_API void bs_llama_abi(bs_llama_abi_report *out);

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

/* Sets the control vector used by every later decode: data holds n_embd floats per layer for layers
 * 1 .. n_layer - 1 (llama.cpp's layout; layer 0 cannot be steered), added to l_out of the layers in
 * [il_start, il_end]. data = NULL clears it. */
BS_LLAMA_API int32_t bs_llama_set_control_vector(bs_llama_session *session, const float *data, int64_t n_floats,
                                    int32_t il_start, int32_t il_end);

#ifdef __cplusplus
}
#endif

#endif
