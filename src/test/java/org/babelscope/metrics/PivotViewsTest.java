package org.babelscope.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.babelscope.compute.Backends;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.store.EmbeddingStore;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paired and option views find their own pivot. Each language view here is an exact copy of its
 * right pivot view and unrelated to the others, so a correct pairing scores cosine 1 and MEXA 1,
 * and any wrong pairing scores near 0.
 */
class PivotViewsTest {
    @TempDir
    Path tmp;

    private static FloatMatrix random(long seed, int n, int d) {
        Random r = new Random(seed);
        FloatMatrix m = FloatMatrix.allocate(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m.set(i, j, (float) r.nextGaussian());
            }
        }
        return m;
    }

    private EmbeddingStore store(String name, Map<String, Long> seedOfView) throws IOException {
        Path dir = tmp.resolve(name);
        StoreWriter w = StoreWriter.create(dir, Manifest.create(List.of(0, 1)));
        for (Map.Entry<String, Long> e : seedOfView.entrySet()) {
            long seed = e.getValue();
            w.writeView(e.getKey(), 30, 16, slot -> random(seed * 10 + slot, 30, 16));
        }
        return EmbeddingStore.open(dir);
    }

    private static void allPerfect(AlignmentResults r, List<String> langs) {
        for (String l : langs) {
            assertEquals(1.0, r.mean(Metric.COS, l), 1e-5, l);
            assertEquals(1.0, r.mean(Metric.MEXA, l), 0.0, l);
        }
    }

    @Test
    void pairedViewsAreComparedWithTheirOwnEnglishSide() throws IOException {
        try (EmbeddingStore s = store("paired",
                new java.util.LinkedHashMap<>(Map.of("eng-fra", 1L, "fra", 1L, "eng-deu", 2L, "deu", 2L)))) {
            List<String> langs = PivotViews.languages(s, "eng");
            assertEquals(2, langs.size());
            assertTrue(langs.containsAll(List.of("fra", "deu")));
            AlignmentResults r = new StoreAlignment(Backends.select("cpu", 32L << 20).kernels())
                    .run(s, "eng", langs, List.of(0, 1), Metric.parse("cos,mexa"), 4, (a, b) -> { });
            allPerfect(r, langs);
        }
    }

    @Test
    void optionViewsAreComparedWithTheSameOptionOfThePivot() throws IOException {
        try (EmbeddingStore s = store("options", new java.util.LinkedHashMap<>(Map.of("eng_Latn.opt1", 3L,
                "eng_Latn.opt2", 4L, "fra_Latn.opt1", 3L, "fra_Latn.opt2", 4L)))) {
            List<String> langs = PivotViews.languages(s, "eng_Latn");
            assertEquals(List.of("fra_Latn.opt1", "fra_Latn.opt2"), langs.stream().sorted().toList());
            AlignmentResults r = new StoreAlignment(Backends.select("cpu", 32L << 20).kernels())
                    .run(s, "eng_Latn", langs, List.of(0, 1), Metric.parse("cos,mexa"), 4, (a, b) -> { });
            allPerfect(r, langs);
        }
    }
}
