package org.babelscope.model.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.babelscope.BadInputException;

/**
 * Decides, before llama.cpp sees a file, whether babelscope can capture hidden states from it:
 * a GGUF model (not a vocabulary-only file, not a control vector) of an architecture whose
 * llama.cpp b4916 graph names each block's residual output {@code l_out-N}, with hyperparameters
 * and a tokenizer that llama.cpp will load without aborting. For the {@code llama} architecture
 * every tensor's presence and shape is checked as well, as llama.cpp's loader would.
 */
public final class ModelCheck {
    /**
     * The architectures accepted, all decoder-only transformers whose b4916 graph builders end
     * each block with {@code build_cvec} followed by {@code cb(cur, "l_out", il)}: so their
     * states can be captured and control vectors act on them. Chosen for the multilingual
     * models babelscope studies: llama (Llama 2/3, Mistral, and everything converted as
     * {@code llama}), qwen2 (Qwen 2 and 2.5), phi3, gemma, gemma2 and gemma3 (gemma3 entered
     * llama.cpp at b4875, before b4916), and command-r (Cohere's Command R and Aya Expanse).
     * Not qwen3: it arrived in llama.cpp after b4916. Other b4916 architectures also name
     * {@code l_out} but are untested here.
     */
    public static final List<String> SUPPORTED_ARCHITECTURES =
            List.of("llama", "qwen2", "phi3", "gemma", "gemma2", "gemma3", "command-r");

    /** llama.cpp b4916's LLAMA_MAX_LAYERS and LLAMA_MAX_EXPERTS; beyond them it throws or asserts. */
    private static final int MAX_LAYERS = 512;
    private static final int MAX_EXPERTS = 256;
    private static final Set<String> TOKENIZER_MODELS = Set.of("llama", "gpt2", "bert", "t5", "rwkv");

    private final GgufFile gguf;
    private final String arch;

    private ModelCheck(GgufFile gguf, String arch) {
        this.gguf = gguf;
        this.arch = arch;
    }

    /** Opens {@code file} and checks it; see {@link #requireCapturable(GgufFile)}. */
    public static ModelInfo requireCapturable(Path file) throws IOException {
        return requireCapturable(GgufFile.open(file));
    }

    /**
     * Checks that {@code gguf} is a model babelscope can capture from with llama.cpp b4916.
     *
     * @throws BadInputException saying what is wrong, naming the file
     */
    public static ModelInfo requireCapturable(GgufFile gguf) {
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
        return new ModelCheck(gguf, arch).check();
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
        checkExperts();
        int nVocab = checkTokenizer();

        requireTensor("token_embd.weight", nEmbd, nVocab);
        requireTensor("output_norm.weight", nEmbd);
        optionalTensor("output.weight", nEmbd, nVocab);
        for (int i = 0; i < nLayer; i++) {
            requireTensor("blk." + i + ".attn_norm.weight", nEmbd);
        }
        if (arch.equals("llama")) {
            checkLlama(nLayer, nEmbd, nHead, nHeadKv, nVocab);
        }
        return new ModelInfo(arch, nLayer, nEmbd, nHead, nHeadKv, nVocab, contextLength,
                gguf.has("general.file_type") ? OptionalInt.of(u32("general.file_type")) : OptionalInt.empty());
    }

    /** llama.cpp asserts these relations (an abort, not an error) when it reads the hyperparameters. */
    private void checkExperts() {
        int nExpert = gguf.has(arch + ".expert_count") ? u32(arch + ".expert_count") : 0;
        int nUsed = gguf.has(arch + ".expert_used_count") ? u32(arch + ".expert_used_count") : 0;
        if (nExpert > MAX_EXPERTS) {
            throw bad(gguf, arch + ".expert_count is " + nExpert + "; llama.cpp allows at most " + MAX_EXPERTS);
        }
        if (nUsed > nExpert || (nExpert > 0) != (nUsed > 0)) {
            throw bad(gguf, arch + ".expert_used_count " + nUsed + " does not fit expert_count " + nExpert);
        }
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

    /**
     * The tensors llama.cpp b4916 loads for {@code llama} (its {@code LLM_ARCH_LLAMA} case): it
     * requires exactly these, optional ones aside, in these shapes, and fails on any other.
     */
    private void checkLlama(int nLayer, int nEmbd, int nHead, int nHeadKv, int nVocab) {
        int nFf = positiveU32("llama.feed_forward_length");
        int headK = gguf.has("llama.attention.key_length") ? positiveU32("llama.attention.key_length") : nEmbd / nHead;
        int headV = gguf.has("llama.attention.value_length") ? positiveU32("llama.attention.value_length") : nEmbd / nHead;
        if (!gguf.has("llama.attention.key_length") && nEmbd % nHead != 0) {
            throw bad(gguf, "llama.embedding_length " + nEmbd + " is not a multiple of head_count " + nHead);
        }
        int nRot = gguf.has("llama.rope.dimension_count") ? u32("llama.rope.dimension_count") : headK;
        if (nRot != headK) {
            throw bad(gguf, "llama.rope.dimension_count is " + nRot + "; llama.cpp requires the head size " + headK);
        }
        float eps = gguf.float32("llama.attention.layer_norm_rms_epsilon");
        if (!(eps >= 0) || Float.isInfinite(eps)) {
            throw bad(gguf, "llama.attention.layer_norm_rms_epsilon is " + eps);
        }
        if (gguf.has("llama.rope.freq_base")) {
            float base = gguf.float32("llama.rope.freq_base");
            if (!(base > 0) || Float.isInfinite(base)) {
                throw bad(gguf, "llama.rope.freq_base is " + base);
            }
        }
        int nExpert = gguf.has("llama.expert_count") ? u32("llama.expert_count") : 0;

        Map<String, long[]> required = new LinkedHashMap<>();
        Map<String, long[]> optional = new LinkedHashMap<>();
        required.put("token_embd.weight", new long[] {nEmbd, nVocab});
        required.put("output_norm.weight", new long[] {nEmbd});
        optional.put("output.weight", new long[] {nEmbd, nVocab});
        optional.put("rope_freqs.weight", new long[] {nRot / 2});
        optional.put("rope_factors_long.weight", new long[] {nRot / 2});
        optional.put("rope_factors_short.weight", new long[] {nRot / 2});
        long qDim = (long) headK * nHead;
        long kDim = (long) headK * nHeadKv;
        long vDim = (long) headV * nHeadKv;
        for (int i = 0; i < nLayer; i++) {
            String b = "blk." + i + ".";
            required.put(b + "attn_norm.weight", new long[] {nEmbd});
            required.put(b + "attn_q.weight", new long[] {nEmbd, qDim});
            required.put(b + "attn_k.weight", new long[] {nEmbd, kDim});
            required.put(b + "attn_v.weight", new long[] {nEmbd, vDim});
            required.put(b + "attn_output.weight", new long[] {qDim, nEmbd});
            optional.put(b + "attn_q.bias", new long[] {nEmbd});
            optional.put(b + "attn_k.bias", new long[] {kDim});
            optional.put(b + "attn_v.bias", new long[] {vDim});
            optional.put(b + "attn_output.bias", new long[] {nEmbd});
            required.put(b + "ffn_norm.weight", new long[] {nEmbd});
            if (nExpert == 0) {
                required.put(b + "ffn_gate.weight", new long[] {nEmbd, nFf});
                required.put(b + "ffn_down.weight", new long[] {nFf, nEmbd});
                required.put(b + "ffn_up.weight", new long[] {nEmbd, nFf});
                optional.put(b + "ffn_gate.bias", new long[] {nFf});
                optional.put(b + "ffn_down.bias", new long[] {nEmbd});
                optional.put(b + "ffn_up.bias", new long[] {nFf});
            } else {
                required.put(b + "ffn_gate_inp.weight", new long[] {nEmbd, nExpert});
                optional.put(b + "ffn_gate_exps.weight", new long[] {nEmbd, nFf, nExpert});
                required.put(b + "ffn_down_exps.weight", new long[] {nFf, nEmbd, nExpert});
                required.put(b + "ffn_up_exps.weight", new long[] {nEmbd, nFf, nExpert});
            }
        }
        for (Map.Entry<String, long[]> e : required.entrySet()) {
            requireTensor(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, long[]> e : optional.entrySet()) {
            optionalTensor(e.getKey(), e.getValue());
        }
        for (TensorInfo t : gguf.tensors()) {
            if (!required.containsKey(t.name()) && !optional.containsKey(t.name())) {
                throw bad(gguf, "has tensor '" + t.name() + "', which a llama model does not have (llama.cpp fails"
                        + " on tensors it does not expect)");
            }
        }
    }

    private void requireTensor(String name, long... shape) {
        if (!gguf.hasTensor(name)) {
            throw bad(gguf, "lacks tensor '" + name + "', which a " + arch + " model needs");
        }
        checkShape(gguf.tensor(name), shape);
    }

    private void optionalTensor(String name, long... shape) {
        if (gguf.hasTensor(name)) {
            checkShape(gguf.tensor(name), shape);
        }
    }

    private void checkShape(TensorInfo t, long[] shape) {
        if (!t.hasShape(shape)) {
            throw bad(gguf, "tensor '" + t.name() + "' has shape " + t.shapeText() + ", expected "
                    + Arrays.toString(shape));
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
