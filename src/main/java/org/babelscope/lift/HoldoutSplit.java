package org.babelscope.lift;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.babelscope.BadInputException;

/**
 * A deterministic split of n parallel items into the items a map is fitted on and the held-out
 * items it is judged on: a seeded shuffle, the first {@code round(n·holdout)} held out. The same
 * n, share and seed always give the same split, on every machine (SplittableRandom's sequence is
 * specified).
 *
 * @param train ascending item indices the maps are fitted on
 * @param test  ascending held-out item indices
 */
public record HoldoutSplit(int[] train, int[] test) {

    public static HoldoutSplit of(int n, double holdout, long seed) {
        if (!(holdout > 0 && holdout < 1)) {
            throw new BadInputException("--holdout must lie strictly between 0 and 1, got " + holdout);
        }
        int nTest = (int) Math.round(n * holdout);
        if (nTest < 2 || n - nTest < 2) {
            throw new BadInputException(n + " parallel items cannot be split " + (n - nTest) + " / " + nTest
                    + ": both the fitting and the held-out part need at least 2 items");
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] test = Arrays.copyOfRange(order, 0, nTest);
        int[] train = Arrays.copyOfRange(order, nTest, n);
        Arrays.sort(test);
        Arrays.sort(train);
        return new HoldoutSplit(train, test);
    }
}
