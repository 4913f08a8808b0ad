package org.babelscope.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.babelscope.eval.task.ChoiceItem;
import org.babelscope.model.llama.LoadedModel;

/**
 * A choice item in tokens, split as lm-evaluation-harness splits it: the context alone
 * (with BOS), and each continuation as the tokens of context + continuation after the context's
 * length. Tokenising the whole lets a word that straddles the boundary be tokenised as the model
 * would see it; the context's own tokens stay the same for every option, so the options can share
 * its KV cache.
 *
 * @param truncated the context lost tokens on the left to fit {@code maxTokens}
 */
public record TokenizedItem(ChoiceItem item, int[] context, List<int[]> continuations, boolean truncated) {

    public int tokens() {
        int n = context.length;
        for (int[] c : continuations) {
            n += c.length;
        }
        return n;
    }

    /**
     * @param maxTokens what one decode may hold: the context is cut on the left (after BOS) until
     *                  the context and every continuation fit
     */
    public static TokenizedItem of(LoadedModel model, ChoiceItem item, int maxTokens) {
        int[] context = model.tokenize(item.context(), true);
        List<int[]> continuations = new ArrayList<>();
        int contTokens = 0;
        for (String c : item.continuations()) {
            int[] whole = model.tokenize(item.context() + c, true);
            int[] cont = startsWith(whole, context) && whole.length > context.length
                    ? Arrays.copyOfRange(whole, context.length, whole.length)
                    // The joint tokenisation merged across the boundary or swallowed it: score the
                    // continuation's own tokens instead (never an empty request).
                    : model.tokenize(c, false);
            if (cont.length == 0) {
                throw new org.babelscope.BadInputException("item " + item.id() + " (" + item.lang() + "): option \"" + c
                        + "\" has no tokens");
            }
            continuations.add(cont);
            contTokens += cont.length;
        }
        boolean truncated = false;
        if (context.length + contTokens > maxTokens) {
            int keep = maxTokens - contTokens;
            if (keep < 2) {
                throw new org.babelscope.BadInputException("item " + item.id() + " (" + item.lang() + "): its options alone take "
                        + contTokens + " tokens, more than a decode of " + maxTokens + " can hold; raise --batch-tokens");
            }
            int[] cut = new int[keep];
            cut[0] = context[0];
            System.arraycopy(context, context.length - (keep - 1), cut, 1, keep - 1);
            context = cut;
            truncated = true;
        }
        return new TokenizedItem(item, context, continuations, truncated);
    }

    /**
     * Harness's split is whole[len(context):], which assumes the whole begins with the context's
     * tokens; where it does not, that slice would score the wrong text.
     */
    private static boolean startsWith(int[] whole, int[] prefix) {
        if (whole.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (whole[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
