package org.babelscope.model.llama;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A llama.cpp context on a {@link LoadedModel}: decodes batches of token sequences, each on its own
 * (the KV cache is cleared before every batch). Not thread-safe: one per thread.
 */
public final class Session implements AutoCloseable {
    private final LoadedModel model;
    private final int maxTokens;
    private final int maxSequences;
    private final boolean perSequence;
    private LlamaNative.SessionPtr handle;
    private final IntPointer tokens;
    private final IntPointer offsets;

    /**
     * @param maxTokens    tokens one batch may hold, all its sequences together
     * @param maxSequences sequences one batch may hold
     */
    public Session(LoadedModel model, int maxTokens, int maxSequences, int threads, KvType kvType) {
        this(model, maxTokens, maxSequences, threads, kvType, LlamaRuntime.poll());
    }

    /** llama.cpp's own waiting: its CPU workers spin (poll level 50) between the graph's steps. */
    public static final int LLAMA_DEFAULT_POLL = -1;

    /**
     * @param poll how idle CPU workers wait: {@link #LLAMA_DEFAULT_POLL}, or 0 (sleep) to 100 (spin)
     */
    public Session(LoadedModel model, int maxTokens, int maxSequences, int threads, KvType kvType, int poll) {
        this(model, maxTokens, maxSequences, threads, kvType, poll, false);
    }

    /**
     * A session for generation only ({@link #generate}, {@link #decodePlain}, {@link #tokenLogprobs}):
     * each of {@code maxSequences} sequences has {@code tokensPerSequence} KV cells of its own and
     * attends only over them (llama.cpp v0.5.0's KV streams), so a decode's cost no longer grows
     * with the other sequences' cells. On b4916, which has only the shared cache, the sequences
     * share {@code tokensPerSequence * maxSequences} cells and that cost stays.
     */
    public static Session perSequence(LoadedModel model, int tokensPerSequence, int maxSequences, int threads,
            KvType kvType) {
        return new Session(model, Math.multiplyExact(tokensPerSequence, maxSequences), maxSequences, threads, kvType,
                LlamaRuntime.poll(), true);
    }

    private Session(LoadedModel model, int maxTokens, int maxSequences, int threads, KvType kvType, int poll,
            boolean perSequence) {
        this.model = model;
        this.maxTokens = maxTokens;
        this.maxSequences = maxSequences;
        this.perSequence = perSequence;
        LlamaNative.SessionPtr h;
        try (LlamaNative.SessionParams p = new LlamaNative.SessionParams()) {
            // Flash attention off: llama.cpp v0.5.0 turns it on by default, which moves states by ~1e-3.
            p.n_ctx(maxTokens).n_seq_max(maxSequences).n_threads(threads).kv_type(kvType.code).flash_attn(0)
                    .poll(poll).kv_per_sequence(perSequence ? 1 : 0);
            h = LlamaNative.bs_llama_session_new(model.handle(), p);
        }
        if (h == null || h.isNull()) {
            throw new LlamaFailure(LlamaNative.lastError());
        }
        this.handle = h;
        this.tokens = new IntPointer(maxTokens);
        this.offsets = new IntPointer(maxSequences + 1);
    }

    public LoadedModel model() {
        return model;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Sequences one batch may hold. */
    public int maxSequences() {
        return maxSequences;
    }

    /** Whether each sequence has KV cells of its own ({@link #perSequence}). */
    public boolean isPerSequence() {
        return perSequence;
    }

    /**
     * Tokens one sequence may hold, prompt and generated ones together: {@code maxTokens /
     * maxSequences} with per-sequence cells, else all of {@link #maxTokens()}.
     */
    public int maxTokensPerSequence() {
        return perSequence ? maxTokens / maxSequences : maxTokens;
    }

    /**
     * Pooled residual-stream states ({@code l_out}) of layers {@code firstLayer..lastLayer} for each
     * sequence, in one decode: {@code out[((layer - firstLayer) * n + s) * nEmbd + e]}.
     */
    public float[] capture(List<int[]> sequences, Pooling pooling, int firstLayer, int lastLayer) {
        int n = sequences.size();
        pack(sequences);
        int layers = lastLayer - firstLayer + 1;
        long size = (long) layers * n * model.nEmbd();
        try (FloatPointer out = new FloatPointer(size)) {
            check(LlamaNative.bs_llama_capture(handle(), tokens, offsets, n, pooling.code, firstLayer, lastLayer, out));
            float[] result = new float[Math.toIntExact(size)];
            out.get(result);
            return result;
        }
    }

    /** The same decode with no capture (only the last tokens' logits): the baseline of benchmarks. */
    public void decodePlain(List<int[]> sequences) {
        int n = sequences.size();
        pack(sequences);
        check(LlamaNative.bs_llama_decode_plain(handle(), tokens, offsets, n));
    }

    /**
     * Log-probabilities of each sequence's tokens from {@code scoreFrom[s]} on, given the tokens
     * before them: {@code result[s][t]} for {@code t >= scoreFrom[s]} (NaN before).
     */
    public float[][] tokenLogprobs(List<int[]> sequences, int[] scoreFrom) {
        int n = sequences.size();
        pack(sequences);
        if (scoreFrom.length != n) {
            throw new IllegalArgumentException("one scoring start per sequence");
        }
        int total = offsets.get(n);
        try (IntPointer from = new IntPointer(scoreFrom); FloatPointer out = new FloatPointer(total)) {
            float[] nan = new float[total];
            java.util.Arrays.fill(nan, Float.NaN);
            out.put(nan);
            check(LlamaNative.bs_llama_token_logprobs(handle(), tokens, offsets, n, from, out));
            float[][] result = new float[n][];
            for (int s = 0; s < n; s++) {
                result[s] = new float[sequences.get(s).length];
                out.position(offsets.get(s)).get(result[s]);
            }
            return result;
        }
    }

    /**
     * Log-probabilities of continuations after shared contexts, in two decodes: each context once,
     * then all continuations, each seeing its context's KV cells ({@code bs_llama_score_continuations}).
     * {@code result[c][t]} = log p(token t of continuation c | context, continuation tokens before t).
     *
     * @param item the context of each continuation: non-decreasing, every context used
     */
    public float[][] scoreContinuations(List<int[]> contexts, List<int[]> continuations, int[] item) {
        int nItems = contexts.size();
        int nCont = continuations.size();
        if (item.length != nCont) {
            throw new IllegalArgumentException("one item index per continuation");
        }
        int contextTokens = pack(contexts);
        int[] contOffsets = new int[nCont + 1];
        for (int c = 0; c < nCont; c++) {
            contOffsets[c + 1] = contOffsets[c] + continuations.get(c).length;
        }
        int total = contOffsets[nCont];
        if (nCont > maxSequences || contextTokens + total > maxTokens) {
            throw new IllegalArgumentException(nCont + " continuations of " + total + " tokens after " + contextTokens
                    + " context tokens; the session holds " + maxSequences + " sequences and " + maxTokens + " tokens");
        }
        int[] flat = new int[total];
        for (int c = 0; c < nCont; c++) {
            System.arraycopy(continuations.get(c), 0, flat, contOffsets[c], continuations.get(c).length);
        }
        try (IntPointer contTokens = new IntPointer(flat); IntPointer contOff = new IntPointer(contOffsets);
                IntPointer contItem = new IntPointer(item); FloatPointer out = new FloatPointer(total)) {
            check(LlamaNative.bs_llama_score_continuations(handle(), tokens, offsets, nItems, contTokens, contOff,
                    contItem, nCont, out));
            float[][] result = new float[nCont][];
            for (int c = 0; c < nCont; c++) {
                result[c] = new float[continuations.get(c).length];
                out.position(contOffsets[c]).get(result[c]);
            }
            return result;
        }
    }

    /** Why a generated text ended. */
    public enum StopReason {
        END_OF_TEXT, STOP_STRING, MAX_TOKENS, CONTEXT_FULL
    }

    /** One generated continuation: its text (before any stop string), tokens drawn and why it ended. */
    public record Generation(String text, int tokens, StopReason reason) {
    }

    /**
     * Generates continuations of every prompt together (llama.cpp's sampler chain, one token per
     * unfinished sequence per decode); see {@code bs_llama_generate}. The prompts and
     * {@code maxNewTokens} per prompt must fit the session: {@code sum(prompt lengths) +
     * prompts * maxNewTokens <= maxTokens} (with per-sequence cells: each prompt's length +
     * {@code maxNewTokens <= maxTokensPerSequence()}) guarantees no sequence ends for lack of room.
     *
     * @param stops per prompt, the strings that end its text (cut before the first one)
     */
    public List<Generation> generate(List<int[]> prompts, List<Sampling> sampling, List<List<String>> stops,
            int maxNewTokens) {
        int n = prompts.size();
        if (sampling.size() != n || stops.size() != n) {
            throw new IllegalArgumentException("one sampling and one stop list per prompt");
        }
        pack(prompts);
        int capacity = Math.max(256, maxNewTokens * 64 + 1);
        List<BytePointer> stopBlobs = new java.util.ArrayList<>();
        try (LlamaNative.Sampling sp = new LlamaNative.Sampling(n);
             PointerPointer<BytePointer> stopPtrs = new PointerPointer<>(n);
             BytePointer text = new BytePointer((long) n * capacity);
             IntPointer length = new IntPointer(n); IntPointer generated = new IntPointer(n);
             IntPointer reason = new IntPointer(n)) {
            for (int s = 0; s < n; s++) {
                Sampling x = sampling.get(s);
                sp.position(s).temperature(x.temperature()).top_k(x.topK()).top_p(x.topP()).min_p(x.minP())
                        .seed(x.seed());
                BytePointer blob = stopBlob(stops.get(s));
                stopBlobs.add(blob);
                stopPtrs.put(s, blob);
            }
            sp.position(0);
            check(LlamaNative.bs_llama_generate(handle(), tokens, offsets, n, sp, stopPtrs, maxNewTokens, text, capacity,
                    length, generated, reason));
            List<Generation> out = new java.util.ArrayList<>(n);
            for (int s = 0; s < n; s++) {
                byte[] bytes = new byte[length.get(s)];
                text.position((long) s * capacity).get(bytes);
                out.add(new Generation(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), generated.get(s),
                        StopReason.values()[reason.get(s)]));
            }
            return out;
        } finally {
            stopBlobs.forEach(BytePointer::close);
        }
    }

    /** The stop strings back to back, each NUL-terminated, then one more NUL. */
    private static BytePointer stopBlob(List<String> stops) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (String stop : stops) {
            if (stop.isEmpty()) {
                continue;
            }
            b.writeBytes(stop.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            b.write(0);
        }
        b.write(0);
        byte[] bytes = b.toByteArray();
        BytePointer p = new BytePointer(bytes.length);
        p.put(bytes);
        return p;
    }

    /**
     * Adds {@code vectors.get(layer)} to the output of each given layer (1 .. nLayer - 1) in every
     * later decode, until {@link #clearControlVector()}; llama.cpp's control-vector semantics.
     */
    public void setControlVector(Map<Integer, float[]> vectors) {
        if (vectors.isEmpty()) {
            clearControlVector();
            return;
        }
        TreeMap<Integer, float[]> byLayer = new TreeMap<>(vectors);
        int first = byLayer.firstKey();
        int last = byLayer.lastKey();
        int e = model.nEmbd();
        if (first < 1 || last >= model.nLayer()) {
            throw new IllegalArgumentException("control vector layers must lie in 1.." + (model.nLayer() - 1));
        }
        // llama.cpp's buffer starts at layer 1; layers in between that were not given get zeros.
        float[] data = new float[last * e];
        byLayer.forEach((layer, v) -> {
            if (v.length != e) {
                throw new IllegalArgumentException("layer " + layer + ": vector of " + v.length + ", model has " + e);
            }
            System.arraycopy(v, 0, data, (layer - 1) * e, e);
        });
        try (FloatPointer p = new FloatPointer(data)) {
            check(LlamaNative.bs_llama_set_control_vector(handle(), p, data.length, first, last));
        }
    }

    public void clearControlVector() {
        check(LlamaNative.bs_llama_set_control_vector(handle(), null, 0, -1, -1));
    }

    /** Copies the sequences into the token buffer; returns their total length. */
    private int pack(List<int[]> sequences) {
        int n = sequences.size();
        if (n == 0 || n > maxSequences) {
            throw new IllegalArgumentException(n + " sequences; a batch holds 1.." + maxSequences);
        }
        int at = 0;
        offsets.put(0, 0);
        for (int s = 0; s < n; s++) {
            int[] seq = sequences.get(s);
            if (at + seq.length > maxTokens) {
                throw new IllegalArgumentException("batch of more than " + maxTokens + " tokens");
            }
            tokens.position(at).put(seq);
            at += seq.length;
            offsets.put(s + 1, at);
        }
        tokens.position(0);
        return at;
    }

    private static void check(int rc) {
        if (rc != LlamaNative.OK) {
            throw new LlamaFailure(LlamaNative.lastError());
        }
    }

    private LlamaNative.SessionPtr handle() {
        return Objects.requireNonNull(handle, "session closed");
    }

    @Override
    public void close() {
        if (handle != null) {
            LlamaNative.bs_llama_session_free(handle);
            handle = null;
            tokens.close();
            offsets.close();
        }
    }
}
