package org.babelscope.lift;

import java.io.IOException;
import java.nio.file.Path;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.babelscope.store.Dtype;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;

/**
 * Writes the held-out items of a store through a lift's maps into a new store: the pivot view as
 * captured and every language view mapped, at the lift's layers. With {@code mapped == false}
 * the same held-out items are written unmapped: the "before" store, so that {@code align} on the
 * two compares exactly the same items.
 */
public final class LiftApply {
    private final Kernels kernels;

    public LiftApply(Kernels kernels) {
        this.kernels = kernels;
    }

    public void run(Path liftDir, LiftFiles.Summary lift, EmbeddingStore store, Path out, boolean mapped)
            throws IOException {
        LiftEvaluation.requireMatches(lift, store);
        int[] test = lift.split().test();
        Manifest base = Manifest.create(lift.layers()).withDtype(Dtype.F32)
                .withCorpus(new Manifest.CorpusInfo("held-out items of " + store.dir().toAbsolutePath().normalize()
                        + " (lift seed " + lift.seed() + ", holdout " + lift.holdout() + ")", null, test.length));
        Manifest source = store.manifest();
        if (source.model().isPresent()) {
            base = base.withModel(source.model().get());
        }
        if (source.pooling().isPresent()) {
            base = base.withPooling(source.pooling().get());
        }
        if (mapped) {
            base = base.withSteer("lift " + lift.method().cliName() + " maps from " + liftDir.toAbsolutePath().normalize());
        }
        StoreWriter writer = StoreWriter.create(out, base);
        writer.writeView(lift.pivot(), test.length, lift.dim(),
                s -> LiftFit.rows(store.view(lift.pivot()).layer(store.slotOf(lift.layers().get(s))), test));
        for (String lang : lift.languages()) {
            writer.writeView(lang, test.length, lift.dim(), s -> {
                FloatMatrix x = LiftFit.rows(store.view(lang).layer(store.slotOf(lift.layers().get(s))), test);
                return mapped ? kernels.multiply(x, false, LiftFiles.map(liftDir, lift, lang, s), false) : x;
            });
        }
    }
}
