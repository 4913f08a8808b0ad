package org.babelscope.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TieCheckTest {
    /** The one-pass selection equals a stable sort by Double.compare, descending, cut at k; ties included. */
    @Test
    void topIsTheStableDescendingSortCutAtK() {
        Random rnd = new Random(3);
        double[] levels = {-1, -0.0, 0.0, 0.25, 0.5, 0.5, 1};
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rnd.nextInt(40);
            double[] v = new double[n];
            for (int j = 0; j < n; j++) {
                v[j] = trial % 2 == 0 ? levels[rnd.nextInt(levels.length)] : rnd.nextGaussian();
            }
            for (int k = 1; k <= n; k++) {
                int[] sorted = IntStream.range(0, n).boxed().sorted((a, b) -> Double.compare(v[b], v[a])).limit(k)
                        .mapToInt(Integer::intValue).toArray();
                assertArrayEquals(sorted, TieCheck.top(v, k), "trial " + trial + ", k " + k);
            }
        }
    }
}
