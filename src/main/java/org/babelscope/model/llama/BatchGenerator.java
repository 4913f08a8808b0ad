package org.babelscope.model.llama;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.babelscope.BadInputException;

/**
 * Text generation for many requests at once over a {@link Session}: llama.cpp's sampler chain
 * ({@link Sampling}), many sequences per decode ({@link Session#generate}). Each prompt is tokenized
 * as java-llama.cpp's completion (llama.cpp's server) tokenizes it: BOS first when the model asks
 * for one, special tokens parsed. Requests are packed in order into calls that fit the session:
 * at most {@link Session#maxSequences()} of them, and (on a shared cache) their prompts plus
 * {@code maxNewTokens} for each within {@link Session#maxTokens()}, so no sequence ever ends for
 * lack of room and a request generates the same text whatever it shares a call with. A prompt
 * that cannot fit with {@code maxNewTokens} after it even alone loses tokens on the left (after
 * BOS), as eval's scoring cuts contexts.
 *
 * <p>With per-sequence KV cells ({@link Session#perSequence}) each sequence attends only over its
 * own cells, so a step's cost no longer grows with the other sequences: requests are packed by
 * count, and each prompt plus {@code maxNewTokens} must fit {@link Session#maxTokensPerSequence()}.
 * {@link #perSequence} makes a generator that owns such sessions and sizes them to the longest
 * prompt of each {@code generate} (re-creating its session when one needs more room than the
 * last), so memory follows what the requests need rather than the model's whole context for every
 * sequence.
 */
public final class BatchGenerator implements AutoCloseable {
    /** One prompt to continue, how to draw its tokens, and the strings that end its text. */
    public record Request(String prompt, Sampling sampling, List<String> stops) {
        public Request {
            java.util.Objects.requireNonNull(prompt, "prompt");
            java.util.Objects.requireNonNull(sampling, "sampling");
            stops = List.copyOf(stops);
        }

        public static Request greedy(String prompt, List<String> stops) {
            return new Request(prompt, Sampling.GREEDY, stops);
        }
    }

    /** Per-sequence cells come in llama.cpp's multiples of 256 (it pads each stream to that). */
    private static final int CELL_STEP = 256;

    private final LoadedModel model;
    private Session session;
    private final SessionMaker maker;
    private final int maxContext;
    private TreeMap<Integer, float[]> controlVector = new TreeMap<>();
    private int truncated;

    /** Generation over a session of the caller's, which stays the caller's to close. */
    public BatchGenerator(Session session) {
        this.model = session.model();
        this.session = session;
        this.maker = null;
        this.maxContext = session.maxTokensPerSequence();
    }

    private BatchGenerator(LoadedModel model, SessionMaker maker, int maxContext) {
        this.model = model;
        this.maker = maker;
        this.maxContext = maxContext;
    }

    /** Makes a per-sequence session of the given tokens per sequence. */
    @FunctionalInterface
    private interface SessionMaker {
        Session make(int tokensPerSequence);
    }

    /**
     * A generator owning per-sequence sessions of {@code maxSequences} sequences, each sized to the
     * call at hand: its longest prompt plus {@code maxNewTokens}, rounded up to 256 tokens, at most
     * {@code maxContext} (longer prompts are cut on the left to fit it). Close it to free them.
     */
    public static BatchGenerator perSequence(LoadedModel model, int maxSequences, int threads, KvType kvType,
            int maxContext) {
        return new BatchGenerator(model, perSeq -> Session.perSequence(model, perSeq, maxSequences, threads, kvType),
                maxContext);
    }

    /** The session of the last call (null before a per-sequence generator's first call). */
    public Session session() {
        return session;
    }

    /**
     * Control vectors for every later call ({@link Session#setControlVector}), kept across the
     * sessions this generator makes.
     */
    public void setControlVector(Map<Integer, float[]> vectors) {
        controlVector = new TreeMap<>(vectors);
        if (session != null) {
            session.setControlVector(controlVector);
        }
    }

    public void clearControlVector() {
        setControlVector(Map.of());
    }

    /** Prompts cut on the left so far to fit the session. */
    public int truncatedPrompts() {
        return truncated;
    }

    /** The tokens of a prompt as generation feeds it: BOS first (when the model uses one). */
    public static int[] promptTokens(LoadedModel model, String prompt) {
        return model.tokenize(prompt, true);
    }

    /** Continuations of every request, in order. */
    public List<Session.Generation> generate(List<Request> requests, int maxNewTokens) {
        List<Session.Generation> out = new ArrayList<>(requests.size());
        generate(requests, maxNewTokens, (from, part) -> out.addAll(part));
        return out;
    }

    /**
     * Continuations of every request, handed to {@code sink} call by call, in order: {@code sink}
     * gets the index of the first request of the call and the call's generations.
     */
    public void generate(List<Request> requests, int maxNewTokens, BiConsumer<Integer, List<Session.Generation>> sink) {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be 0 or more, not " + maxNewTokens);
        }
        if (requests.isEmpty()) {
            return;
        }
        int keep = maxContext - maxNewTokens;
        if (keep < 2) {
            throw new BadInputException("a sequence of " + maxContext + " tokens has no room for a prompt and "
                    + maxNewTokens + " new tokens; raise --batch-tokens or lower --max-new-tokens");
        }
        List<int[]> all = new ArrayList<>(requests.size());
        int longest = 0;
        for (Request r : requests) {
            int[] tokens = fit(promptTokens(model, r.prompt()), keep);
            all.add(tokens);
            longest = Math.max(longest, tokens.length);
        }
        if (maker != null) {
            int perSeq = Math.min(maxContext, roundUp(longest + maxNewTokens));
            if (session == null || session.maxTokensPerSequence() < perSeq) {
                if (session != null) {
                    session.close();
                    session = null;
                }
                session = maker.make(perSeq);
                if (!controlVector.isEmpty()) {
                    session.setControlVector(controlVector);
                }
            }
        }
        // With per-sequence cells each request brings its own room: only the count limits a call.
        long capacity = session.isPerSequence() ? Long.MAX_VALUE : session.maxTokens();
        List<int[]> prompts = new ArrayList<>();
        List<Sampling> sampling = new ArrayList<>();
        List<List<String>> stops = new ArrayList<>();
        long used = 0;
        int first = 0;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            int[] tokens = all.get(i);
            long need = tokens.length + (long) maxNewTokens;
            if (!prompts.isEmpty() && (prompts.size() == session.maxSequences() || used + need > capacity)) {
                sink.accept(first, run(prompts, sampling, stops, maxNewTokens));
                prompts.clear();
                sampling.clear();
                stops.clear();
                used = 0;
                first = i;
            }
            prompts.add(tokens);
            sampling.add(r.sampling());
            stops.add(r.stops());
            used += need;
        }
        if (!prompts.isEmpty()) {
            sink.accept(first, run(prompts, sampling, stops, maxNewTokens));
        }
    }

    private List<Session.Generation> run(List<int[]> prompts, List<Sampling> sampling, List<List<String>> stops,
            int maxNewTokens) {
        if (maxNewTokens == 0) {
            // Nothing to draw: no decode at all.
            List<Session.Generation> none = new ArrayList<>(prompts.size());
            prompts.forEach(p -> none.add(new Session.Generation("", 0, Session.StopReason.MAX_TOKENS)));
            return none;
        }
        return session.generate(prompts, sampling, stops, maxNewTokens);
    }

    /** The prompt, or BOS and its last {@code keep - 1} tokens when it is longer than {@code keep}. */
    private int[] fit(int[] tokens, int keep) {
        if (tokens.length <= keep) {
            return tokens;
        }
        truncated++;
        int[] cut = new int[keep];
        cut[0] = tokens[0];
        System.arraycopy(tokens, tokens.length - (keep - 1), cut, 1, keep - 1);
        return cut;
    }

    private static int roundUp(int tokens) {
        return (tokens + CELL_STEP - 1) / CELL_STEP * CELL_STEP;
    }

    /** Closes the sessions this generator made (not a caller's session). */
    @Override
    public void close() {
        if (maker != null && session != null) {
            session.close();
            session = null;
        }
    }
}
