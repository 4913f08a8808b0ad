package org.babelscope.eval;

import java.nio.charset.StandardCharsets;
import org.babelscope.eval.task.ChoiceItem;

/**
 * The scores of one item's options and the three predictions of lm-evaluation-harness:
 * {@code acc} = argmax of the summed log-likelihood, {@code acc_norm} = argmax of it divided by
 * the option's length in characters (Unicode code points, as Python's len), {@code acc_bytes} =
 * divided by its length in UTF-8 bytes. Ties go to the first option, as numpy's argmax.
 *
 * @param loglik summed log-likelihood of each continuation
 * @param tokens tokens of each continuation
 */
public record ChoiceOutcome(ChoiceItem item, double[] loglik, int[] tokens, boolean truncated) {

    public int prediction() {
        return argmax(loglik, null);
    }

    public int predictionNorm() {
        double[] len = new double[loglik.length];
        for (int k = 0; k < len.length; k++) {
            String c = item.continuations().get(k);
            len[k] = c.codePointCount(0, c.length());
        }
        return argmax(loglik, len);
    }

    public int predictionBytes() {
        double[] len = new double[loglik.length];
        for (int k = 0; k < len.length; k++) {
            len[k] = item.continuations().get(k).getBytes(StandardCharsets.UTF_8).length;
        }
        return argmax(loglik, len);
    }

    private static int argmax(double[] v, double[] divisor) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (score(v, divisor, k) > score(v, divisor, best)) {
                best = k;
            }
        }
        return best;
    }

    private static double score(double[] v, double[] divisor, int k) {
        return divisor == null ? v[k] : v[k] / divisor[k];
    }
}
