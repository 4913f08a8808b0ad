package org.babelscope.model.llama;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP mapping of native/llama/bs_llama.h (libbs_llama.so). Only this package uses it.
 *
 * <p>libbs_llama.so links against no llama.cpp: {@link LlamaRuntime} opens one at run time.
 */
@Platform(include = "bs_llama.h", link = "bs_llama")
final class LlamaNative {
    static {
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

        native int flash_attn();

        native SessionParams flash_attn(int v);

        native int poll();

        native SessionParams poll(int v);

        native int kv_per_sequence();

        native SessionParams kv_per_sequence(int v);
    }

    @Name("bs_llama_sampling")
    static final class Sampling extends Pointer {
        static {
            Loader.load();
        }

        /** An array of {@code n} structs. */
        Sampling(long n) {
            super((Pointer) null);
            allocateArray(n);
        }

        private native void allocateArray(long n);

        @Override
        public Sampling position(long position) {
            return (Sampling) super.position(position);
        }

        native float temperature();

        native Sampling temperature(float v);

        native int top_k();

        native Sampling top_k(int v);

        native float top_p();

        native Sampling top_p(float v);

        native float min_p();

        native Sampling min_p(float v);

        native @Cast("uint32_t") int seed();

        native Sampling seed(@Cast("uint32_t") int v);
    }

    static native @Cast("const char*") BytePointer bs_llama_last_error();

    static native int bs_llama_runtime_open(int abi, @Cast("const char*") BytePointer libPath,
            @Cast("const char*") BytePointer backendsDir, int quiet);

    static native @Cast("const char*") BytePointer bs_llama_system_info();

    static native int bs_llama_device_count();

    static native int bs_llama_device_info(int i, @Cast("char*") BytePointer name, int nameCapacity,
            @Cast("char*") BytePointer description, int descriptionCapacity, @Cast("uint64_t*") LongPointer memoryFree,
            @Cast("uint64_t*") LongPointer memoryTotal);

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

    static native int bs_llama_generate(SessionPtr session, @Cast("const int32_t*") IntPointer tokens,
            @Cast("const int32_t*") IntPointer offsets, int nSeq, @Const Sampling sampling,
            @Cast("const char*const*") PointerPointer<?> stops, int maxNewTokens, @Cast("char*") BytePointer text,
            int textCapacity, @Cast("int32_t*") IntPointer textLength, @Cast("int32_t*") IntPointer nGenerated,
            @Cast("int32_t*") IntPointer reason);

    static native int bs_llama_set_control_vector(SessionPtr session, @Const FloatPointer data, long nFloats,
            int ilStart, int ilEnd);

    static String lastError() {
        BytePointer p = bs_llama_last_error();
        return p == null ? "" : p.getString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
