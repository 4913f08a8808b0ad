package org.babelscope.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The shim declares llama.cpp b4916's structs itself. Reading the library's own default parameters
 * through those declarations gives back the values b4916 sets (llama.cpp's llama-context.cpp and
 * llama-model.cpp at that build) only if every field before them sits where the library puts it.
 */
class LlamaAbiTest {
    @Test
    void defaultParametersReadThroughOurDeclarationsAreThoseOfB4916() {
        LlamaLibrary.init();
        try (LlamaNative.AbiReport r = new LlamaNative.AbiReport()) {
            LlamaNative.bs_llama_abi(r);
            assertEquals(512, r.n_ctx());
            assertEquals(2048, r.n_batch());
            assertEquals(512, r.n_ubatch());
            assertEquals(1, r.n_seq_max());
            assertEquals(4, r.n_threads()); // GGML_DEFAULT_N_THREADS
            assertEquals(1, r.type_k());    // GGML_TYPE_F16
            assertEquals(1, r.type_v());
            assertEquals(-1.0f, r.yarn_ext_factor());
            assertEquals(1.0f, r.yarn_attn_factor());
            assertEquals(32.0f, r.yarn_beta_fast());
            assertEquals(1.0f, r.yarn_beta_slow());
            assertEquals(1, r.cb_eval_is_null());
            assertEquals(0, r.logits_all());
            assertEquals(0, r.embeddings());
            assertEquals(1, r.offload_kqv());
            assertEquals(0, r.flash_attn());
            assertEquals(1, r.no_perf());
            assertEquals(1, r.abort_callback_is_null());
            assertEquals(1, r.split_mode());  // LLAMA_SPLIT_MODE_LAYER
            assertEquals(0, r.vocab_only());
            assertEquals(1, r.use_mmap());
            assertEquals(0, r.use_mlock());
            assertEquals(0, r.check_tensors());
        }
    }
}
