package org.babelscope.model.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs consecutive sequences into decode batches. Sequences are packed back to back with no
 * padding (each has its own sequence id in llama.cpp), so a batch is limited only by how many
 * sequences and tokens one decode may hold.
 */
public final class BatchPlan {
    /** Sequences {@code [from, to)} of the input go into one decode. */
    public record Batch(int from, int to) {
        public int size() {
            return to - from;
        }
    }

    private BatchPlan() {
    }

    /**
     * @param lengths   token count of each sequence, each at most {@code maxTokens}
     * @param maxSeqs   sequences per batch
     * @param maxTokens tokens per batch
     */
    public static List<Batch> plan(int[] lengths, int maxSeqs, int maxTokens) {
        List<Batch> batches = new ArrayList<>();
        int from = 0;
        int tokens = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] > maxTokens || lengths[i] < 1) {
                throw new IllegalArgumentException("sequence " + i + " has " + lengths[i] + " tokens; a batch holds " + maxTokens);
            }
            if (i > from && (i - from == maxSeqs || tokens + lengths[i] > maxTokens)) {
                batches.add(new Batch(from, i));
                from = i;
                tokens = 0;
            }
            tokens += lengths[i];
        }
        if (from < lengths.length) {
            batches.add(new Batch(from, lengths.length));
        }
        return batches;
    }
}
