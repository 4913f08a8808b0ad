package org.babelscope.model.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.babelscope.lens.Steering;
import org.babelscope.model.llama.LoadedModel;
import org.babelscope.model.llama.Session;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;

/**
 * Captures every view of a corpus into an embedding store: one .npy per view, shape [layers, items,
 * n_embd]. Views already complete in the store (a previous, interrupted run) are skipped; each view
 * is written atomically, so an interruption costs at most the view in progress.
 */
public final class CaptureJob {
    /** What a run did. */
    /** @param maxTextTokens where texts were cut: --batch-tokens or the model's training context */
    public record Summary(List<String> captured, List<String> skipped, long sentences, long tokens, int truncated,
            int maxTextTokens, double seconds) {
    }

    /** Hears about progress; all methods are called on the capturing thread. */
    public interface Listener {
        default void skipped(String view) {
        }

        /** {@code done} of {@code total} texts over all views still to capture. */
        default void progress(long done, long total) {
        }
    }

    /** What the manifest records about the model. */
    public record ModelIdentity(String path, String sha256, String architecture) {
    }

    private final LoadedModel model;
    private final ModelIdentity identity;
    private final CaptureOptions options;

    private final Steering steering;

    /** @param steering vectors to add while capturing each view (by its language), or null */
    public CaptureJob(LoadedModel model, ModelIdentity identity, CaptureOptions options, Steering steering) {
        this.model = model;
        this.identity = identity;
        this.options = options;
        this.steering = steering;
    }

    public Summary run(CaptureInput input, Path storeDir, Listener listener) throws IOException {
        long start = System.nanoTime();
        LayerRange range = LayerRange.parse(options.layers(), model.nLayer());
        Manifest base = Manifest.create(range.layers())
                .withModel(new Manifest.ModelInfo(identity.path(), identity.sha256(), identity.architecture(),
                        model.nLayer(), model.nEmbd()))
                .withPooling(options.pooling().cliName())
                .withDtype(options.dtype())
                .withCorpus(new Manifest.CorpusInfo(input.name(), input.sha256(), input.items()));
        if (steering != null) {
            base = base.withSteer(steering.fingerprint());
        }
        StoreWriter writer = StoreWriter.create(storeDir, base);

        List<String> todo = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, List<String>> v : input.views().entrySet()) {
            if (writer.hasView(v.getKey())) {
                skipped.add(v.getKey());
                listener.skipped(v.getKey());
            } else {
                todo.add(v.getKey());
                total += v.getValue().size();
            }
        }

        long sentences = 0;
        long tokens = 0;
        int truncated = 0;
        int batchTokens = options.batchTokens();
        int maxTextTokens = batchTokens;
        try (Session session = new Session(model, batchTokens, options.batchSequences(), options.threads(),
                options.kvType())) {
            ViewCapturer capturer = new ViewCapturer(session, options, range);
            maxTextTokens = capturer.maxLength();
            for (String name : todo) {
                List<String> texts = input.views().get(name);
                if (steering != null) {
                    session.setControlVector(steering.vectors(name));
                }
                long before = sentences;
                final long grandTotal = total;
                ViewCapturer.CapturedView view = capturer.capture(texts,
                        done -> listener.progress(before + done, grandTotal));
                writer.writeView(name, texts.size(), model.nEmbd(), slot -> view.layers().get(slot));
                sentences += texts.size();
                tokens += view.tokens();
                truncated += view.truncated();
            }
        }
        return new Summary(todo, skipped, sentences, tokens, truncated, maxTextTokens, (System.nanoTime() - start) / 1e9);
    }
}
