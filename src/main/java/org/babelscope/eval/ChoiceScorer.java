package org.babelscope.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.babelscope.model.llama.Session;

/**
 * Scores multiple-choice items in batches: as many items as fit in one decode of the session
 * ({@link Session#maxTokens()} tokens, one sequence per option), each context decoded once and
 * shared by its options ({@link Session#scoreContinuations}).
 */
public final class ChoiceScorer {
    private final Session session;

    public ChoiceScorer(Session session) {
        this.session = session;
    }

    /** Scores the items in order, handing each batch's outcomes to {@code done} as it finishes. */
    public void score(List<TokenizedItem> items, Consumer<List<ChoiceOutcome>> done) {
        int maxSequences = session.maxSequences();
        List<TokenizedItem> batch = new ArrayList<>();
        int tokens = 0;
        int sequences = 0;
        for (TokenizedItem item : items) {
            int k = item.continuations().size();
            if (k > maxSequences) {
                throw new IllegalArgumentException("item " + item.item().id() + " has " + k + " options; a batch holds "
                        + maxSequences + " sequences");
            }
            if (!batch.isEmpty() && (tokens + item.tokens() > session.maxTokens() || sequences + k > maxSequences)) {
                done.accept(scoreBatch(batch));
                batch.clear();
                tokens = 0;
                sequences = 0;
            }
            batch.add(item);
            tokens += item.tokens();
            sequences += k;
        }
        if (!batch.isEmpty()) {
            done.accept(scoreBatch(batch));
        }
    }

    private List<ChoiceOutcome> scoreBatch(List<TokenizedItem> batch) {
        List<int[]> contexts = new ArrayList<>();
        List<int[]> continuations = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int j = 0; j < batch.size(); j++) {
            contexts.add(batch.get(j).context());
            for (int[] c : batch.get(j).continuations()) {
                continuations.add(c);
                owner.add(j);
            }
        }
        float[][] lp = session.scoreContinuations(contexts, continuations,
                owner.stream().mapToInt(Integer::intValue).toArray());
        List<ChoiceOutcome> out = new ArrayList<>();
        int c = 0;
        for (TokenizedItem item : batch) {
            int k = item.continuations().size();
            double[] loglik = new double[k];
            int[] tokens = new int[k];
            for (int o = 0; o < k; o++, c++) {
                loglik[o] = sum(lp[c]);
                tokens[o] = lp[c].length;
            }
            out.add(new ChoiceOutcome(item.item(), loglik, tokens, item.truncated()));
        }
        return out;
    }

    static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
