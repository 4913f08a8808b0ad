package org.babelscope.calm;

import java.util.LinkedHashMap;
import java.util.Map;

/** The most frequent letter of a sequence; ties go to the letter seen first. Nulls (invalid answers) do not vote. */
final class Majority {
    private Majority() {
    }

    /** The majority letter, or null when no letter is given. */
    static String of(Iterable<String> lettersInOrder) {
        // Insertion order is first-seen order, so the first maximum wins a tie.
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String letter : lettersInOrder) {
            if (letter != null) {
                counts.merge(letter, 1, Integer::sum);
            }
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
