package org.babelscope.model.capture;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.model.llama.LoadedModel;
import org.babelscope.model.llama.Session;

/** Runs the texts of one view through the model, batch by batch, and collects each layer's states. */
final class ViewCapturer {
    /** One matrix (items x n_embd) per captured layer, and what it took. */
    record CapturedView(List<FloatMatrix> layers, long tokens, int truncated) {
    }

    private final Session session;
    private final CaptureOptions options;
    private final LayerRange range;
    private final int maxLength;

    ViewCapturer(Session session, CaptureOptions options, LayerRange range) {
        this.session = session;
        this.options = options;
        this.range = range;
        // One text may not outgrow the model's training context; a batch of several may, since
        // positions restart at 0 for every sequence.
        int ctxTrain = session.model().nCtxTrain();
        this.maxLength = ctxTrain > 0 ? Math.min(session.maxTokens(), ctxTrain) : session.maxTokens();
    }

    /** Tokens a text keeps: the session's size or the model's training context, whichever is smaller. */
    int maxLength() {
        return maxLength;
    }

    /** @param itemsDone told the number of texts of this view finished so far, after each batch */
    CapturedView capture(List<String> texts, LongConsumer itemsDone) {
        LoadedModel model = session.model();
        int n = texts.size();
        int e = model.nEmbd();
        int[][] tokens = new int[n][];
        int[] lengths = new int[n];
        int truncated = 0;
        long tokenCount = 0;
        for (int i = 0; i < n; i++) {
            int[] t = model.tokenize(texts.get(i), true);
            if (t.length > maxLength) {
                // The beginning is kept: it is what every pooling starts from.
                t = Arrays.copyOf(t, maxLength);
                truncated++;
            }
            tokens[i] = t;
            lengths[i] = t.length;
            tokenCount += t.length;
        }
        List<FloatMatrix> layers = new ArrayList<>(range.count());
        for (int l = 0; l < range.count(); l++) {
            layers.add(FloatMatrix.allocate(n, e));
        }
        for (BatchPlan.Batch b : BatchPlan.plan(lengths, options.batchSequences(), session.maxTokens())) {
            List<int[]> seqs = Arrays.asList(tokens).subList(b.from(), b.to());
            float[] states = session.capture(seqs, options.pooling(), range.first(), range.last());
            int rows = b.size();
            for (int l = 0; l < range.count(); l++) {
                FloatBuffer dst = layers.get(l).buffer().duplicate();
                dst.position(b.from() * e);
                dst.put(states, l * rows * e, rows * e);
            }
            itemsDone.accept(b.to());
        }
        return new CapturedView(layers, tokenCount, truncated);
    }
}
