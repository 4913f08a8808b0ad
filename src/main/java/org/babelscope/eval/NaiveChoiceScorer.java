package org.babelscope.eval;

import java.util.List;
import java.util.function.Consumer;
import org.babelscope.model.llama.Session;

/**
 * The baseline of {@code bench eval}: what a simple scoring loop does, one request (context +
 * option) per decode, the context decoded again for every option. The same numbers as
 * {@link ChoiceScorer}, only slower.
 */
public final class NaiveChoiceScorer {
    private final Session session;

    public NaiveChoiceScorer(Session session) {
        this.session = session;
    }

    public void score(List<TokenizedItem> items, Consumer<List<ChoiceOutcome>> done) {
        for (TokenizedItem item : items) {
            int k = item.continuations().size();
            double[] loglik = new double[k];
            int[] tokens = new int[k];
            for (int o = 0; o < k; o++) {
                int[] cont = item.continuations().get(o);
                int[] whole = java.util.Arrays.copyOf(item.context(), item.context().length + cont.length);
                System.arraycopy(cont, 0, whole, item.context().length, cont.length);
                float[] lp = session.tokenLogprobs(List.of(whole), new int[] {item.context().length})[0];
                float[] scored = java.util.Arrays.copyOfRange(lp, item.context().length, whole.length);
                loglik[o] = ChoiceScorer.sum(scored);
                tokens[o] = cont.length;
            }
            done.accept(List.of(new ChoiceOutcome(item.item(), loglik, tokens, item.truncated())));
        }
    }
}
