// Binding of the llama.cpp functions whose signature both supported ABIs share (llama_api.h).
#include "llama_api.h"

#include <dlfcn.h>

namespace bs {

// dlsym on a library's handle also searches the libraries it depends on: the ggml functions are
// found in libggml*.so beside a v0.5.0 libllama, and inside libjllama.so for b4916.
void *Binder::find(const char *name) { return dlsym(handle_, name); }

void bind_common(Binder &b, Api &api) {
    b.bind(api.backend_init, "llama_backend_init");
    b.bind(api.log_set, "llama_log_set");
    b.bind(api.model_free, "llama_model_free");
    b.bind(api.free, "llama_free");
    b.bind(api.model_get_vocab, "llama_model_get_vocab");
    b.bind(api.model_n_embd, "llama_model_n_embd");
    b.bind(api.model_n_layer, "llama_model_n_layer");
    b.bind(api.model_n_ctx_train, "llama_model_n_ctx_train");
    b.bind(api.vocab_n_tokens, "llama_vocab_n_tokens");
    b.bind(api.vocab_bos, "llama_vocab_bos");
    b.bind(api.vocab_is_eog, "llama_vocab_is_eog");
    b.bind(api.tokenize, "llama_tokenize");
    b.bind(api.token_to_piece, "llama_token_to_piece");
    b.bind(api.batch_init, "llama_batch_init");
    b.bind(api.batch_free, "llama_batch_free");
    b.bind(api.decode, "llama_decode");
    b.bind(api.get_logits_ith, "llama_get_logits_ith");
    b.bind(api.attach_threadpool, "llama_attach_threadpool");
    b.bind(api.print_system_info, "llama_print_system_info");
    b.bind(api.sampler_chain_default_params, "llama_sampler_chain_default_params");
    b.bind(api.sampler_chain_init, "llama_sampler_chain_init");
    b.bind(api.sampler_chain_add, "llama_sampler_chain_add");
    b.bind(api.sampler_init_greedy, "llama_sampler_init_greedy");
    b.bind(api.sampler_init_dist, "llama_sampler_init_dist");
    b.bind(api.sampler_init_top_k, "llama_sampler_init_top_k");
    b.bind(api.sampler_init_top_p, "llama_sampler_init_top_p");
    b.bind(api.sampler_init_min_p, "llama_sampler_init_min_p");
    b.bind(api.sampler_init_temp, "llama_sampler_init_temp");
    b.bind(api.sampler_sample, "llama_sampler_sample");
    b.bind(api.sampler_free, "llama_sampler_free");
    b.bind(api.tensor_name, "ggml_get_name");
    b.bind(api.tensor_nbytes, "ggml_nbytes");
    b.bind(api.tensor_nelements, "ggml_nelements");
    b.bind(api.tensor_get, "ggml_backend_tensor_get");
    b.bind(api.dev_count, "ggml_backend_dev_count");
    b.bind(api.dev_get, "ggml_backend_dev_get");
    b.bind(api.dev_name, "ggml_backend_dev_name");
    b.bind(api.dev_description, "ggml_backend_dev_description");
    b.bind(api.dev_memory, "ggml_backend_dev_memory");
    b.bind(api.dev_type, "ggml_backend_dev_type");
}

}  // namespace bs
