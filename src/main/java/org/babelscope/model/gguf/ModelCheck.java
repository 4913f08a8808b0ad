package org.babelscope.model.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.babelscope.BadInputException;
import org.babelscope.model.llama.LlamaRuntime;

/**
 * Decides, before llama.cpp sees a file, whether babelscope can capture hidden states from it:
 * a GGUF model (not a vocabulary-only file, not a control vector) of an architecture whose
 * llama.cpp graph names each block's residual output {@code l_out-N}, with hyperparameters, a
 * tokenizer and tensors that llama.cpp will load without aborting. Every architecture's tensors
 * are checked for presence, shape and type, as llama.cpp's loader for it would
 * ({@link FamilyLayouts}), and its keys by its own rules ({@link FamilyKeys}).
 */
public final class ModelCheck {
    /**
     * The architectures accepted: decoder-only transformers whose graphs (llama.cpp b4916 and
     * v0.5.0 alike) end each block with {@code build_cvec} followed by {@code cb(cur, "l_out", il)},
     * so their states can be captured and control vectors act on them, and each checked by a
     * test against a double-precision reference forward pass (ModelFamiliesTest): llama (Llama
     * 2/3, Mistral, and everything converted as {@code llama}), qwen2 (Qwen 2 and 2.5), qwen3,
     * gemma2, gemma3 and phi3 (Phi-3, Phi-3.5, Phi-4). qwen3 on llama.cpp v0.5.0 only
     * ({@link #NOT_ON_B4916}).
     */
    public static final List<String> SUPPORTED_ARCHITECTURES = List.of("llama", "qwen2", "qwen3", "gemma2", "gemma3",
            "phi3");

    /**
     * Architectures that llama.cpp b4916 (the java-llama runtime) does not know: qwen3 arrived
     * after it, and b4916 fails to load it ("unknown model architecture").
     */
    public static final List<String> NOT_ON_B4916 = List.of("qwen3");

    /** llama.cpp b4916's LLAMA_MAX_LAYERS and LLAMA_MAX_EXPERTS; beyond them it throws or asserts. */
    private static final int MAX_LAYERS = 512;
    private static final int MAX_EXPERTS = 256;
    private static final Set<String> TOKENIZER_MODELS = Set.of("llama", "gpt2", "bert", "t5", "rwkv");

    private final GgufFile gguf;
    private final String arch;
    private final LlamaRuntime.Abi runtime;

    private ModelCheck(GgufFile gguf, String arch, LlamaRuntime.Abi runtime) {
        this.gguf = gguf;
        this.arch = arch;
        this.runtime = runtime;
    }

    /** Opens {@code file} and checks it; see {@link #requireCapturable(GgufFile, LlamaRuntime.Abi)}. */
    public static ModelInfo requireCapturable(Path file, LlamaRuntime.Abi runtime) throws IOException {
        return requireCapturable(GgufFile.open(file), runtime);
    }

    /**
     * Checks that {@code gguf} is a model babelscope can capture from with the llama.cpp of C API
     * {@code runtime} ({@link LlamaRuntime#abi()} is the one this process will load it with):
     * the rules of its architecture, and those that only b4916 needs when it is b4916.
     *
     * @throws BadInputException saying what is wrong, naming the file
     */
    public static ModelInfo requireCapturable(GgufFile gguf, LlamaRuntime.Abi runtime) {
        if (!gguf.has("general.architecture")) {
            throw bad(gguf, "has no general.architecture: it is not a llama.cpp model");
        }
        String arch = gguf.string("general.architecture");
        if (arch.equals(ControlVectorFile.ARCHITECTURE)) {
            throw bad(gguf, "is a control vector (general.architecture = controlvector), not a model");
        }
        if (gguf.tensors().isEmpty()) {
            throw bad(gguf, "is a vocabulary-only file (metadata and a tokenizer, no tensors), not a model");
        }
        if (!SUPPORTED_ARCHITECTURES.contains(arch)) {
            throw bad(gguf, "has architecture '" + arch + "', which babelscope does not capture from; supported: "
                    + String.join(", ", SUPPORTED_ARCHITECTURES));
        }
        if (runtime == LlamaRuntime.Abi.B4916 && NOT_ON_B4916.contains(arch)) {
            throw bad(gguf, "has architecture '" + arch + "', which llama.cpp b4916 (--llama-runtime java-llama) cannot"
                    + " load; run it on the default runtime, llama.cpp " + LlamaRuntime.Abi.V0_5_0.release);
        }
        return new ModelCheck(gguf, arch, runtime).check();
    }

    private ModelInfo check() {
        int nLayer = positiveU32(arch + ".block_count");
        if (nLayer > MAX_LAYERS) {
            throw bad(gguf, arch + ".block_count is " + nLayer + "; llama.cpp allows at most " + MAX_LAYERS);
        }
        int nEmbd = positiveU32(arch + ".embedding_length");
        int contextLength = positiveU32(arch + ".context_length");
        int nHead = positiveU32(arch + ".attention.head_count");
        int nHeadKv = gguf.has(arch + ".attention.head_count_kv") ? positiveU32(arch + ".attention.head_count_kv") : nHead;
        if (nHead % nHeadKv != 0) {
            // ggml's matrix product broadcasts KV heads over query heads and asserts divisibility.
            throw bad(gguf, arch + ".attention.head_count " + nHead + " is not a multiple of head_count_kv " + nHeadKv);
        }
        int nExpert = checkExperts();
        int nVocab = checkTokenizer();
        int nFf = positiveU32(arch + ".feed_forward_length");
        int headK = headSize("key_length", nEmbd, nHead);
        int headV = headSize("value_length", nEmbd, nHead);
        int nRot = gguf.has(arch + ".rope.dimension_count") ? u32(arch + ".rope.dimension_count") : headK;
        requireFiniteF32(arch + ".attention.layer_norm_rms_epsilon", true, false);
        requireFiniteF32(arch + ".rope.freq_base", false, true);
        FamilyKeys.check(gguf, arch, runtime, new FamilyKeys.Heads(nEmbd, nHead, headK, headV, nRot, nExpert, nLayer));
        FamilyLayouts.of(arch, new FamilyLayouts.Sizes(nLayer, nEmbd, nHead, nHeadKv, headK, headV, nFf, nRot, nVocab,
                nExpert)).check(gguf);
        return new ModelInfo(arch, nLayer, nEmbd, nHead, nHeadKv, nVocab, contextLength,
                gguf.has("general.file_type") ? OptionalInt.of(u32("general.file_type")) : OptionalInt.empty());
    }

    /** A head size: the key if the file has it, else n_embd / n_head, which must then divide. */
    private int headSize(String key, int nEmbd, int nHead) {
        String full = arch + ".attention." + key;
        if (gguf.has(full)) {
            return positiveU32(full);
        }
        if (nEmbd % nHead != 0) {
            throw bad(gguf, arch + ".embedding_length " + nEmbd + " is not a multiple of head_count " + nHead);
        }
        return nEmbd / nHead;
    }

    /** An f32 key (required or not) that must be finite, and at least 0 or above 0. */
    private void requireFiniteF32(String key, boolean required, boolean positive) {
        if (!gguf.has(key)) {
            if (required) {
                throw bad(gguf, "lacks metadata key '" + key + "', which llama.cpp needs");
            }
            return;
        }
        GgufValue v = gguf.value(key);
        if (v.isArray() || v.type() != GgufType.FLOAT32) {
            throw bad(gguf, key + " is " + v.typeName() + "; llama.cpp requires f32");
        }
        float f = gguf.float32(key);
        if (Float.isNaN(f) || Float.isInfinite(f) || f < 0 || (positive && f == 0)) {
            throw bad(gguf, key + " is " + f);
        }
    }

    /** llama.cpp asserts these relations (an abort, not an error) when it reads the hyperparameters. */
    private int checkExperts() {
        int nExpert = gguf.has(arch + ".expert_count") ? u32(arch + ".expert_count") : 0;
        int nUsed = gguf.has(arch + ".expert_used_count") ? u32(arch + ".expert_used_count") : 0;
        if (nExpert > MAX_EXPERTS) {
            throw bad(gguf, arch + ".expert_count is " + nExpert + "; llama.cpp allows at most " + MAX_EXPERTS);
        }
        if (nUsed > nExpert || (nExpert > 0) != (nUsed > 0)) {
            throw bad(gguf, arch + ".expert_used_count " + nUsed + " does not fit expert_count " + nExpert);
        }
        return nExpert;
    }

    /** Checks the tokenizer keys that llama.cpp reads unchecked, and returns the vocabulary size. */
    private int checkTokenizer() {
        String model = gguf.has("tokenizer.ggml.model") ? gguf.string("tokenizer.ggml.model") : null;
        if (model == null || model.equals("no_vocab") || model.equals("none")) {
            throw bad(gguf, "has no tokenizer (tokenizer.ggml.model is " + (model == null ? "missing" : model)
                    + "): babelscope needs one to turn text into tokens");
        }
        if (!TOKENIZER_MODELS.contains(model)) {
            throw bad(gguf, "has tokenizer.ggml.model '" + model + "', unknown to llama.cpp b4916 (it knows "
                    + String.join(", ", TOKENIZER_MODELS.stream().sorted().toList()) + ")");
        }
        // llama.cpp reads tokens with gguf_get_arr_str (asserting string elements) and scores and
        // token types as raw float and int arrays of n_vocab entries: a wrong element type aborts,
        // a short array is read out of bounds.
        String[] tokens = gguf.stringArray("tokenizer.ggml.tokens");
        int n = tokens.length;
        if (n == 0) {
            throw bad(gguf, "has an empty tokenizer.ggml.tokens");
        }
        requireArray("tokenizer.ggml.scores", GgufType.FLOAT32, n, false);
        requireArray("tokenizer.ggml.token_type", GgufType.INT32, n, false);
        requireArray("tokenizer.ggml.merges", GgufType.STRING, -1, model.equals("gpt2"));
        for (Map.Entry<String, GgufValue> kv : gguf.metadata().entrySet()) {
            String key = kv.getKey();
            if (key.startsWith("tokenizer.ggml.") && key.endsWith("_token_id") && kv.getValue().type() != GgufType.UINT32) {
                throw bad(gguf, key + " is " + kv.getValue().typeName() + "; llama.cpp requires u32");
            }
        }
        if (model.equals("llama")) {
            requireByteTokens(tokens);
        }
        return n;
    }

    /**
     * A SentencePiece vocabulary must be able to spell any byte: llama.cpp's tokenizer falls
     * back to {@code <0xXX>} tokens (or the byte itself as a one-character token) for text no
     * piece covers, and throws through its C API, ending the process, when neither exists.
     */
    private void requireByteTokens(String[] tokens) {
        Set<String> vocab = new HashSet<>(Arrays.asList(tokens));
        List<String> missing = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            String hex = String.format("<0x%02X>", b);
            boolean plain = b < 0x80 && vocab.contains(String.valueOf((char) b));
            if (!vocab.contains(hex) && !plain) {
                missing.add(hex);
            }
        }
        if (!missing.isEmpty()) {
            throw bad(gguf, "has a SentencePiece vocabulary without byte tokens for " + missing.size()
                    + " bytes (e.g. " + missing.get(0) + "): llama.cpp aborts on text it cannot spell");
        }
    }

    private void requireArray(String key, GgufType elementType, int length, boolean required) {
        if (!gguf.has(key)) {
            if (required) {
                throw bad(gguf, "lacks " + key + ", which its tokenizer needs");
            }
            return;
        }
        GgufValue v = gguf.value(key);
        if (!v.isArray() || v.elementType() != elementType) {
            throw bad(gguf, key + " is " + v.typeName() + "; llama.cpp requires an array of " + elementType);
        }
        if (length >= 0 && v.size() != length) {
            throw bad(gguf, key + " has " + v.size() + " entries for " + length + " tokens");
        }
    }

    /** A u32 key, exactly that type as llama.cpp insists, that fits an int. */
    private int u32(String key) {
        GgufValue v = gguf.value(key);
        if (v.isArray()) {
            throw bad(gguf, key + " holds one value per layer; babelscope supports models with one value for all");
        }
        if (v.type() != GgufType.UINT32) {
            throw bad(gguf, key + " is " + v.typeName() + "; llama.cpp requires u32");
        }
        long n = v.asLong();
        if (n > Integer.MAX_VALUE) {
            throw bad(gguf, key + " is " + n + ", absurdly large");
        }
        return (int) n;
    }

    private int positiveU32(String key) {
        if (!gguf.has(key)) {
            throw bad(gguf, "lacks metadata key '" + key + "', which llama.cpp needs");
        }
        int n = u32(key);
        if (n < 1) {
            throw bad(gguf, key + " is 0");
        }
        return n;
    }

    private static BadInputException bad(GgufFile gguf, String what) {
        return new BadInputException(gguf.path() + ": " + what);
    }
}
