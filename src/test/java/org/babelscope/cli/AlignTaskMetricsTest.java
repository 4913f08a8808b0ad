package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.metrics.TestViews;
import org.babelscope.stats.AlignmentFile;
import org.babelscope.stats.ItemScores;
import org.babelscope.store.Dtype;
import org.babelscope.store.Manifest;
import org.babelscope.store.StoreWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * align --metrics dali,dali_s,mexa_t on stores of option views, against a double-precision
 * reference of the DESIGN.md definitions computed here from the same vectors.
 */
class AlignTaskMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Integer> LAYERS = List.of(1, 4);
    private static final int N = 53;
    private static final int D = 16;

    @TempDir
    Path tmp;

    /** Option vectors: a premise shared by the item's options plus the option's own part. */
    private static double[][][] pivotOptions(Random rnd, int k) {
        double[][][] out = new double[k][N][D];
        for (int i = 0; i < N; i++) {
            double[] premise = gaussian(rnd, 1.0);
            for (int o = 0; o < k; o++) {
                double[] own = gaussian(rnd, 0.6);
                for (int t = 0; t < D; t++) {
                    out[o][i][t] = (float) (premise[t] + own[t]);
                }
            }
        }
        return out;
    }

    private static double[] gaussian(Random rnd, double scale) {
        double[] v = new double[D];
        for (int t = 0; t < D; t++) {
            v[t] = scale * rnd.nextGaussian();
        }
        return v;
    }

    /** data[view][slot] for views named in {@code names}, option views per language. */
    private record Store(List<String> names, List<double[][][]> views) {
        double[][] at(String view, int slot) {
            return views.get(names.indexOf(view))[slot];
        }
    }

    private Store write(Path dir, String pivot, List<String> languages, int k, boolean paired) throws IOException {
        Random rnd = new Random(4242);
        List<String> names = new ArrayList<>();
        List<double[][][]> views = new ArrayList<>();
        double[][][][] pivotBySlot = new double[LAYERS.size()][][][];
        for (int slot = 0; slot < LAYERS.size(); slot++) {
            pivotBySlot[slot] = pivotOptions(rnd, k);
        }
        for (int li = 0; li < languages.size(); li++) {
            String lang = languages.get(li);
            for (int o = 0; o < k; o++) {
                double[][][] view = new double[LAYERS.size()][][];
                double[][][] pivotView = new double[LAYERS.size()][][];
                for (int slot = 0; slot < LAYERS.size(); slot++) {
                    pivotView[slot] = pivotBySlot[slot][o];
                    view[slot] = TestViews.partnerOf(rnd, pivotBySlot[slot][o], 0.15 * (li + 1) * (slot + 1));
                }
                names.add(lang + ".opt" + (o + 1));
                views.add(view);
                String pivotName = paired ? pivot + "-" + lang + ".opt" + (o + 1) : pivot + ".opt" + (o + 1);
                if (!names.contains(pivotName)) {
                    names.add(pivotName);
                    views.add(pivotView);
                }
            }
        }
        StoreWriter w = StoreWriter.create(dir, Manifest.create(LAYERS).withDtype(Dtype.F32));
        for (int v = 0; v < names.size(); v++) {
            double[][][] view = views.get(v);
            w.writeView(names.get(v), N, D, slot -> FloatMatrix.of(view[slot]));
        }
        return new Store(names, views);
    }

    /** {dali, dali_s, margin, gap to the nearest decision} of item i, in double. */
    private static double[] reference(double[][][] piv, double[][][] tgt, int i) {
        int k = piv.length;
        double minMatched = Double.POSITIVE_INFINITY;
        double maxMismatched = Double.NEGATIVE_INFINITY;
        double maxSame = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < k; o++) {
            for (int p = 0; p < k; p++) {
                double c = TestViews.cosine(piv[o][i], tgt[p][i]);
                if (o == p) {
                    minMatched = Math.min(minMatched, c);
                } else {
                    maxMismatched = Math.max(maxMismatched, c);
                    maxSame = Math.max(maxSame, Math.max(TestViews.cosine(piv[o][i], piv[p][i]), TestViews.cosine(tgt[o][i], tgt[p][i])));
                }
            }
        }
        double strictMax = Math.max(maxMismatched, maxSame);
        double gap = Math.min(Math.abs(minMatched - maxMismatched), Math.abs(minMatched - strictMax));
        return new double[] {minMatched > maxMismatched ? 1 : 0, minMatched > strictMax ? 1 : 0,
            minMatched - maxMismatched, gap};
    }

    private void checkAgainstReference(String pivot, List<String> languages, int k, boolean paired) throws IOException {
        Path storeDir = tmp.resolve("store");
        Store store = write(storeDir, pivot, languages, k, paired);
        Path out = tmp.resolve("run/results.json");
        Files.createDirectories(out.getParent());
        CliRunner r = CliRunner.run("align", "--store", storeDir.toString(), "--pivot", pivot, "--metrics",
                "dali,dali_s,mexa_t", "--backend", "cpu", "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode json = JSON.readTree(out.toFile());
        assertEquals("results.items.jsonl", json.at("/item_scores/file").asText());
        List<JsonNode> items = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolveSibling("results.items.jsonl"))) {
            items.add(JSON.readTree(line));
        }
        assertEquals(languages.size() * N, items.size());
        int checkedItems = 0;
        double sawPass = 0;
        for (int li = 0; li < languages.size(); li++) {
            String lang = languages.get(li);
            for (int slot = 0; slot < LAYERS.size(); slot++) {
                double[][][] piv = new double[k][][];
                double[][][] tgt = new double[k][][];
                double mexaSum = 0;
                for (int o = 0; o < k; o++) {
                    String pivotName = paired ? pivot + "-" + lang + ".opt" + (o + 1) : pivot + ".opt" + (o + 1);
                    piv[o] = store.at(pivotName, slot);
                    tgt[o] = store.at(lang + ".opt" + (o + 1), slot);
                    mexaSum += TestViews.expected(piv[o], tgt[o], 4).mexa();
                }
                double dali = 0;
                double strict = 0;
                for (int i = 0; i < N; i++) {
                    double[] ref = reference(piv, tgt, i);
                    dali += ref[0] / N;
                    strict += ref[1] / N;
                    JsonNode line = items.get(li * N + i);
                    assertEquals(lang, line.get("lang").asText());
                    assertEquals(i, line.get("item").asInt());
                    assertEquals(paired ? pivot + "-" + lang : pivot, line.get("pivot").asText());
                    assertEquals(ref[2], line.get("dali_margin").get(slot).asDouble(), 2e-6);
                    if (ref[3] > 2e-6) { // float rounding cannot flip a decision this far from a tie
                        assertEquals((int) ref[0], line.get("dali").get(slot).asInt(), lang + " item " + i);
                        assertEquals((int) ref[1], line.get("dali_s").get(slot).asInt(), lang + " item " + i);
                        checkedItems++;
                    }
                }
                assertEquals(dali, at(json, "dali", lang, slot), 1.5 / N);
                assertEquals(strict, at(json, "dali_s", lang, slot), 1.5 / N);
                assertEquals(mexaSum / k, at(json, "mexa_t", lang, slot), 1e-12);
                sawPass += dali;
            }
        }
        assertTrue(checkedItems > 0.9 * languages.size() * LAYERS.size() * N, "too many near-ties: " + checkedItems);

        // What align writes is what correlate reads (the two files are a contract between them).
        AlignmentFile read = AlignmentFile.read(out);
        assertEquals(LAYERS, read.layers());
        assertEquals(List.of("dali", "dali_s", "dali_margin"), read.itemScoreMetrics());
        ItemScores scores = ItemScores.read(read.itemScores().orElseThrow(), LAYERS.size(), read.itemScoreMetrics());
        assertEquals(languages, List.copyOf(scores.languages().keySet()));
        assertEquals(items.get(N + 3).get("dali_margin").get(1).asDouble(),
                scores.languages().get(languages.get(1)).items().get(3).get("dali_margin")[1], 0.0);
        assertEquals(at(json, "dali", languages.get(0), 0), read.metrics().get("dali").get(languages.get(0))[0], 0.0);
        assertTrue(sawPass > 0 && sawPass < languages.size() * LAYERS.size(), "drawn data must pass some items, not all");
    }

    private static double at(JsonNode json, String metric, String lang, int slot) {
        return json.at("/metrics/" + metric + "/per_language/" + lang + "/per_layer/" + slot).asDouble();
    }

    @Test
    void sharedPivotWithFourOptions() throws IOException {
        checkAgainstReference("eng_Latn", List.of("fra_Latn", "amh_Ethi"), 4, false);
    }

    @Test
    void pairedPivotWithTwoOptionsAsXcopa() throws IOException {
        checkAgainstReference("eng", List.of("it", "th", "sw"), 2, true);
    }

    @Test
    void storeWithoutOptionViewsIsExitTwoWithNothingWritten() throws IOException {
        Path storeDir = tmp.resolve("plain");
        StoreWriter w = StoreWriter.create(storeDir, Manifest.create(LAYERS).withDtype(Dtype.F32));
        Random rnd = new Random(3);
        for (String v : List.of("eng", "fra")) {
            double[][] m = TestViews.parallel(rnd, N, D, 0.3)[0];
            w.writeView(v, N, D, slot -> FloatMatrix.of(m));
        }
        Path out = tmp.resolve("results.json");
        CliRunner r = CliRunner.run("align", "--store", storeDir.toString(), "--pivot", "eng", "--metrics", "dali",
                "--out", out.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("option views"), r.err);
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(tmp.resolve("results.items.jsonl")));
    }
}
