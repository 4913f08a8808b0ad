package org.babelscope.model.llama;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP mapping of native/llama/bs_llama.h (libbs_llama.so). Only this package uses it.
 *
 * <p>libbs_llama.so needs libjllama.so, which it names by SONAME only; {@link LlamaLibrary} makes
 * java-llama.cpp load its copy before this class loads, so both share one llama.cpp.
 */
@Platform(include = "bs_llama.h", link = "bs_llama")
final class LlamaNative {
    static {
        LlamaLibrary.loadJavaLlama();
        Loader.load();
    }

    private LlamaNative() {
    }

    static final int OK = 0;

    @Opaque
    @Name("bs_llama_model")
    static final class ModelPtr extends Pointer {
        ModelPtr() {
            super((Pointer) null);
        }
    }

    @Opaque
    @Name("bs_llama_session")
    static final class SessionPtr extends Pointer {
        SessionPtr() {
            super((Pointer) null);
        }
    }

    @Name("bs_llama_session_params")
    static final class SessionParams extends Pointer {
        static {
            Loader.load();
        }

        SessionParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        native int n_ctx();

        native SessionParams n_ctx(int v);

        native int n_seq_max();

        native SessionParams n_seq_max(int v);

        native int n_threads();

        native SessionParams n_threads(int v);

        native int kv_type();

        native SessionParams kv_type(int v);
    }

    @Name("bs_llama_abi_report")
    static final class AbiReport extends Pointer {
        static {
            Loader.load();
        }

        AbiReport() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberGetter native int n_ctx();
        @MemberGetter native int n_batch();
        @MemberGetter native int n_ubatch();
        @MemberGetter native int n_seq_max();
        @MemberGetter native int n_threads();
        @MemberGetter native int type_k();
        @MemberGetter native int type_v();
        @MemberGetter native int split_mode();
        @MemberGetter native int vocab_only();
        @MemberGetter native int use_mmap();
        @MemberGetter native int use_mlock();
        @MemberGetter native int check_tensors();
        @MemberGetter native int logits_all();
        @MemberGetter native int embeddings();
        @MemberGetter native int offload_kqv();
        @MemberGetter native int flash_attn();
        @MemberGetter native int no_perf();
        @MemberGetter native float yarn_ext_factor();
        @MemberGetter native float yarn_attn_factor();
        @MemberGetter native float yarn_beta_fast();
        @MemberGetter native float yarn_beta_slow();
        @MemberGetter native int cb_eval_is_null();
        @MemberGetter native int abort_callback_is_null();
    }

    static native @Cast("const char*") BytePointer bs_llama_last_error();

    static native void bs_llama_init(int quiet);

    static native void bs_llama_abi(AbiReport out);

    static native ModelPtr bs_llama_model_load(@Cast("const char*") BytePointer path, int nGpuLayers);

    static native void bs_llama_model_free(ModelPtr model);

    static native int bs_llama_model_n_embd(@Const ModelPtr model);

    static native int bs_llama_model_n_layer(@Const ModelPtr model);


    static native int bs_llama_model_n_ctx_train(@Const ModelPtr model);

    static native int bs_llama_tokenize(@Const ModelPtr model, @Cast("const char*") BytePointer text, int textLen,
            int addBos, IntPointer tokens, int capacity);

    static native SessionPtr bs_llama_session_new(ModelPtr model, @Const SessionParams params);

    static native void bs_llama_session_free(SessionPtr session);

    static native int bs_llama_capture(SessionPtr session, @Cast("const int32_t*") IntPointer tokens,
            @Cast("const int32_t*") IntPointer offsets, int nSeq, int pooling, int firstLayer, int lastLayer,
            FloatPointer out);

    static native int bs_llama_decode_plain(SessionPtr session, @Cast("const int32_t*") IntPointer tokens,
            @Cast("const int32_t*") IntPointer offsets, int nSeq);

    static native int bs_llama_score_continuations(SessionPtr session, @Cast("const int32_t*") IntPointer ctxTokens,
            @Cast("const int32_t*") IntPointer ctxOffsets, int nItems, @Cast("const int32_t*") IntPointer contTokens,
            @Cast("const int32_t*") IntPointer contOffsets, @Cast("const int32_t*") IntPointer contItem, int nCont,
            FloatPointer out);

    static native int bs_llama_token_logprobs(SessionPtr session, @Cast("const int32_t*") IntPointer tokens,
            @Cast("const int32_t*") IntPointer offsets, int nSeq, @Cast("const int32_t*") IntPointer scoreFrom,
            FloatPointer out);

    static native int bs_llama_set_control_vector(SessionPtr session, @Const FloatPointer data, long nFloats,
            int ilStart, int ilEnd);

    static String lastError() {
        BytePointer p = bs_llama_last_error();
        return p == null ? "" : p.getString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
