package org.babelscope.model.llama;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.babelscope.BadInputException;

/**
 * Text generation for many requests at once over a {@link Session}: llama.cpp's sampler chain
 * ({@link Sampling}), many sequences per decode ({@link Session#generate}). Each prompt is tokenized
 * as java-llama.cpp's completion (llama.cpp's server) tokenizes it: BOS first when the model asks
 * for one, special tokens parsed. Requests are packed in order into calls that fit the session:
 * at most {@link Session#maxSequences()} of them, and their prompts plus {@code maxNewTokens} for
 * each within {@link Session#maxTokens()}, so no sequence ever ends for lack of room and a request
 * generates the same text whatever it shares a call with. A prompt that cannot fit with
 * {@code maxNewTokens} after it even alone loses tokens on the left (after BOS), as eval's
 * scoring cuts contexts.
 */
public final class BatchGenerator {
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

    private final Session session;
    private int truncated;

    public BatchGenerator(Session session) {
        this.session = session;
    }

    public Session session() {
        return session;
    }

    /** Prompts cut on the left so far to fit the session. */
    public int truncatedPrompts() {
        return truncated;
    }

    /** The tokens of a prompt as generation feeds it: BOS first (when the model uses one). */
    public static int[] promptTokens(LoadedModel model, String prompt) {
        return model.tokenize(prompt, true);
    }

    /** The session tokens a call of all these prompts needs, each followed by {@code maxNewTokens}. */
    public static long tokensNeeded(List<int[]> prompts, int maxNewTokens) {
        long n = 0;
        for (int[] p : prompts) {
            n += p.length + (long) maxNewTokens;
        }
        return n;
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
        int capacity = session.maxTokens();
        int keep = capacity - maxNewTokens;
        if (!requests.isEmpty() && keep < 2) {
            throw new BadInputException("a decode of " + capacity + " tokens has no room for a prompt and "
                    + maxNewTokens + " new tokens; raise --batch-tokens or lower --max-new-tokens");
        }
        List<int[]> prompts = new ArrayList<>();
        List<Sampling> sampling = new ArrayList<>();
        List<List<String>> stops = new ArrayList<>();
        long used = 0;
        int first = 0;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            int[] tokens = fit(promptTokens(session.model(), r.prompt()), keep);
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
}
