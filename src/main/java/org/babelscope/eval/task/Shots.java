package org.babelscope.eval.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.babelscope.BadInputException;

/**
 * Few-shot draws. {@link #random}: lm-evaluation-harness's default sampler holds one
 * {@code random.Random(fewshot_seed)} per task and draws for each item in turn; here one
 * {@code java.util.Random(seed)} per language is consumed item by item in file order, so every
 * item gets its own examples and the same seed gives the same examples. {@link #firstN}: the
 * harness's {@code first_n} sampler (Belebele): the first examples of the pool. Both skip the item
 * itself when the pool is the item's own file.
 */
final class Shots {
    private Shots() {
    }

    /** Draws of {@code k} examples per item from {@code pool} with {@code Random(seed)}. */
    static List<List<Doc>> random(List<Doc> items, List<Doc> pool, boolean samePool, int k, long seed, String what) {
        requireEnough(pool, samePool, k, what);
        Random random = new Random(seed);
        List<List<Doc>> result = new ArrayList<>(items.size());
        for (Doc item : items) {
            result.add(k == 0 ? List.of() : draw(random, pool, samePool ? item.index() : -1, k));
        }
        return result;
    }

    /** The first {@code k} examples of {@code pool}, skipping the item itself when the pool is its own file. */
    static List<List<Doc>> firstN(List<Doc> items, List<Doc> pool, boolean samePool, int k, String what) {
        requireEnough(pool, samePool, k, what);
        List<List<Doc>> result = new ArrayList<>(items.size());
        for (Doc item : items) {
            List<Doc> shots = new ArrayList<>(k);
            for (int i = 0; i < pool.size() && shots.size() < k; i++) {
                if (!(samePool && i == item.index())) {
                    shots.add(pool.get(i));
                }
            }
            result.add(shots);
        }
        return result;
    }

    private static void requireEnough(List<Doc> pool, boolean samePool, int k, String what) {
        if (k == 0) {
            return;
        }
        for (Doc d : pool) {
            if (d.gold() < 0) {
                throw new BadInputException(d.where() + ": no gold label, so it cannot serve as a few-shot example; "
                        + what + " (use 0 shots, or give every example a label)");
            }
        }
        int available = samePool ? pool.size() - 1 : pool.size();
        if (k > available) {
            throw new BadInputException(k + " shots asked for, but there are only " + Math.max(available, 0)
                    + " examples to draw from in " + what + (samePool ? " (the item itself excluded)" : ""));
        }
    }

    /** {@code k} distinct pool entries, none at position {@code exclude}, in the order drawn. */
    private static List<Doc> draw(Random random, List<Doc> pool, int exclude, int k) {
        int n = pool.size();
        int candidates = exclude >= 0 ? n - 1 : n;
        List<Doc> shots = new ArrayList<>(k);
        if (2L * k <= candidates) {
            Set<Integer> taken = new HashSet<>();
            while (shots.size() < k) {
                int i = random.nextInt(n);
                if (i != exclude && taken.add(i)) {
                    shots.add(pool.get(i));
                }
            }
        } else {
            int[] order = new int[candidates];
            for (int i = 0, j = 0; i < n; i++) {
                if (i != exclude) {
                    order[j++] = i;
                }
            }
            for (int j = 0; j < k; j++) { // partial Fisher-Yates
                int r = j + random.nextInt(candidates - j);
                int t = order[j];
                order[j] = order[r];
                order[r] = t;
                shots.add(pool.get(order[j]));
            }
        }
        return shots;
    }
}
