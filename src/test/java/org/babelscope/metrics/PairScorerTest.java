package org.babelscope.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import org.babelscope.compute.Backends;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PairScorerTest {
    private final Kernels kernels = Backends.cpu(4096); // tiny tiles: many per matrix

    private FloatMatrix normalized(double[][] x) {
        FloatMatrix m = FloatMatrix.of(x);
        kernels.normalizeRows(m);
        return m;
    }

    @ParameterizedTest
    @CsvSource({"1,5,4", "2,3,4", "5,8,4", "73,24,4", "150,64,4", "150,64,1", "150,64,7"})
    void everyMetricMatchesTheDoubleReference(int n, int d, int k) {
        double[][][] views = ReferenceMetrics.parallelViews(new Random(n * 100L + d + k), n, d, 1.2);
        ReferenceMetrics ref = new ReferenceMetrics(views[0], views[1], k);
        assumeTrue(ref.minGap > 2e-6, "a near-tie in the drawn data");
        Map<Metric, Double> got = new PairScorer(kernels, EnumSet.allOf(Metric.class), k)
                .score(normalized(views[0]), normalized(views[1]));
        assertEquals(ref.cos, got.get(Metric.COS), 1e-5);
        assertEquals(ref.mexa, got.get(Metric.MEXA), 0.0, "MEXA is exact");
        assertEquals(ref.retrieval, got.get(Metric.RETRIEVAL), 0.0);
        assertEquals(ref.retrievalRev, got.get(Metric.RETRIEVAL_REV), 0.0);
        assertEquals(ref.margin, got.get(Metric.MARGIN), 0.0);
        assertEquals(ref.marginRev, got.get(Metric.MARGIN_REV), 0.0);
        if (n >= 73) {
            // The data must exercise the decisions: neither all hits nor all misses.
            assertTrue(ref.mexa > 0 && ref.mexa < 1, "mexa " + ref.mexa);
            assertTrue(ref.margin > 0 && ref.margin < 1, "margin " + ref.margin);
        }
    }

    @ParameterizedTest
    @CsvSource({"40,16"})
    void cosineAloneNeedsNoNeighbours(int n, int d) {
        double[][][] views = ReferenceMetrics.parallelViews(new Random(9), n, d, 1.0);
        ReferenceMetrics ref = new ReferenceMetrics(views[0], views[1], 4);
        Map<Metric, Double> got = new PairScorer(kernels, EnumSet.of(Metric.COS), 4)
                .score(normalized(views[0]), normalized(views[1]));
        assertEquals(Map.of(Metric.COS, got.get(Metric.COS)), got);
        assertEquals(ref.cos, got.get(Metric.COS), 1e-5);
    }

    @org.junit.jupiter.api.Test
    void aMarginTieIsAMissWhateverTheListingOrder() {
        // Language rows 0 and 1 are the same sentence: for pivot 0 they tie on cosine and on
        // ratio margin, so pivot 0 must not score by which of them the top-k listed first.
        int n = 12;
        double[][] pivot = ReferenceMetrics.parallelViews(new Random(5), n, 16, 1.0)[0];
        double[][] lang = new double[n][];
        for (int i = 0; i < n; i++) {
            lang[i] = pivot[i].clone();
        }
        lang[1] = pivot[0].clone();
        Map<Metric, Double> got = new PairScorer(kernels, EnumSet.allOf(Metric.class), 4)
                .score(normalized(pivot), normalized(lang));
        double expected = (n - 2) / (double) n; // pivot 0 ties, pivot 1 loses to language 0 or ties
        assertEquals(expected, got.get(Metric.RETRIEVAL), 0.0);
        assertEquals(expected, got.get(Metric.MARGIN), 0.0);
    }
}
