package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * correlate end to end, in-process. The expected numbers come from
 * src/test/resources/org/babelscope/cli/CorrelateCommandTest.expected.py (plain Python and scipy
 * 1.17 over the same data; run it with python3 to see them).
 */
class CorrelateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LANGS = {"de", "fr", "it", "cn"};
    private static final boolean T = true;
    private static final boolean F = false;
    /** correct in each language, items 0..5 (accuracy de 4/6, fr 3/6, it 5/6, cn 2/6). */
    private static final boolean[][] CORRECT = {{T, T, F, T, F, T}, {T, F, F, T, F, T}, {T, T, T, T, T, F}, {F, T, F, F, T, F}};
    /** The pivots: en for every language, and eng-it (the English side of it) for it. */
    private static final boolean[] EN = {T, T, T, T, T, F};
    private static final boolean[] ENG_IT = {T, T, T, T, F, T};
    /** DALI per language, item, layer (layers 1, 2, 3). */
    private static final int[][][] DALI = {
        {{0, 1, 1}, {0, 1, 0}, {0, 0, 0}, {1, 1, 1}, {0, 1, 0}, {0, 1, 1}},
        {{0, 1, 0}, {0, 0, 0}, {1, 0, 0}, {0, 1, 1}, {0, 1, 0}, {1, 1, 1}},
        {{1, 1, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 1}, {0, 0, 0}, {0, 0, 1}},
        {{0, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 0}, {0, 1, 1}, {0, 0, 0}}};

    @TempDir
    Path tmp;

    private static int daliS(int l, int i, int j) {
        return (i + j) % 3 != 0 ? DALI[l][i][j] : 0;
    }

    private static double margin(int l, int i, int j) {
        return (2 * DALI[l][i][j] - 1) * 0.05 + 0.01 * i - 0.002 * j + 0.001 * l;
    }

    private static ArrayNode array(double... v) {
        ArrayNode a = JSON.createArrayNode();
        for (double d : v) {
            a.add(d);
        }
        return a;
    }

    private static void series(ObjectNode metrics, String metric, String key, double... perLayer) {
        ObjectNode pl = metrics.with(metric).with("per_language");
        ObjectNode e = pl.putObject(key);
        e.set("per_layer", array(perLayer));
    }

    /** results.json (naming results.items.jsonl), results.items.jsonl and predictions.jsonl. */
    private Path writeInputs(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "babelscope-align/1");
        root.put("pivot", "eng_Latn");
        root.put("n_items", 6);
        root.set("layers", JSON.valueToTree(List.of(1, 2, 3)));
        ObjectNode metrics = root.putObject("metrics");
        series(metrics, "mexa", "deu_Latn", 0.5, 0.7, 0.6);
        series(metrics, "mexa", "fra_Latn", 0.4, 0.8, 0.3);
        series(metrics, "mexa", "ita_Latn", 0.6, 0.9, 0.9);
        series(metrics, "mexa", "zho_Hans", 0.2, 0.4, 0.3);
        series(metrics, "mexa", "yor_Latn", 0.1, 0.1, 0.1);
        series(metrics, "mexa", "eng-it", 1, 1, 1);
        series(metrics, "cos", "it.opt1", 0.8, 0.8, 0.8);
        series(metrics, "cos", "it.opt2", 0.6, 0.6, 1.0);
        series(metrics, "cos", "de.opt1", 0.5, 0.5, 0.5);
        series(metrics, "cos", "de.opt2", 0.7, 0.7, 0.7);
        series(metrics, "cos", "fr", 0.3, 0.2, 0.4);
        series(metrics, "cos", "eng_Latn.opt1", 1, 1, 1);
        series(metrics, "retrieval", "deu_Latn", 0.5, 0.6, 0.7);
        series(metrics, "retrieval", "fra_Latn", 0.2, 0.3, 0.4);
        for (int l = 0; l < LANGS.length; l++) {
            double[] mean = new double[3];
            for (int[] item : DALI[l]) {
                for (int j = 0; j < 3; j++) {
                    mean[j] += item[j] / 6.0;
                }
            }
            series(metrics, "dali", LANGS[l], mean);
        }
        ObjectNode items = root.putObject("item_scores");
        items.put("file", "results.items.jsonl");
        items.set("metrics", JSON.valueToTree(List.of("dali", "dali_s", "dali_margin")));
        Files.write(dir.resolve("results.json"), JSON.writeValueAsBytes(root));

        List<String> itemLines = new ArrayList<>();
        for (int l = 0; l < LANGS.length; l++) {
            for (int i = 0; i < 6; i++) {
                ObjectNode line = JSON.createObjectNode();
                line.put("lang", LANGS[l]);
                line.put("pivot", "eng-" + LANGS[l]);
                line.put("item", i);
                ArrayNode d = line.putArray("dali");
                ArrayNode s = line.putArray("dali_s");
                ArrayNode m = line.putArray("dali_margin");
                for (int j = 0; j < 3; j++) {
                    d.add(DALI[l][i][j]);
                    s.add(daliS(l, i, j));
                    m.add(margin(l, i, j));
                }
                // not a per-layer score: ignored, as results.json's item_scores.metrics does not name it
                line.putArray("option_loglik").add(-1.5).add(-2.5);
                itemLines.add(JSON.writeValueAsString(line));
            }
        }
        itemLines.add("{\"lang\":\"eng-it\",\"item\":0,\"dali\":[1,1,1],\"dali_s\":[1,1,1],\"dali_margin\":[0.1,0.1,0.1]}");
        Files.write(dir.resolve("results.items.jsonl"), itemLines, StandardCharsets.UTF_8);

        List<String> predictions = new ArrayList<>();
        for (int l = 0; l < LANGS.length; l++) {
            for (int i = 0; i < 6; i++) {
                predictions.add(prediction(LANGS[l], i, CORRECT[l][i]));
            }
        }
        for (int i = 0; i < 6; i++) {
            predictions.add(prediction("en", i, EN[i]));
            predictions.add(prediction("eng-it", i, ENG_IT[i]));
        }
        // lines without gold do not count
        predictions.add("{\"task\":\"xcopa\",\"lang\":\"fr\",\"item\":6,\"id\":\"6\",\"prediction\":1,\"gold\":null,\"correct\":null}");
        predictions.add("{\"task\":\"xcopa\",\"lang\":\"yo\",\"item\":0,\"id\":\"0\",\"prediction\":1,\"gold\":null,\"correct\":null}");
        Files.write(dir.resolve("predictions.jsonl"), predictions, StandardCharsets.UTF_8);
        return dir;
    }

    private static String prediction(String lang, int item, boolean correct) {
        return String.format("{\"task\":\"xcopa\",\"lang\":\"%s\",\"item\":%d,\"id\":\"%d\",\"prediction\":%d,\"gold\":0,"
                + "\"correct\":%b,\"prediction_norm\":1,\"correct_norm\":false,\"loglik\":[-12.3,-11.9]}",
                lang, item, item, correct ? 0 : 1, correct);
    }

    private static double num(JsonNode json, String pointer) {
        JsonNode n = json.at(pointer);
        assertTrue(n.isNumber(), pointer + " is " + n);
        return n.asDouble();
    }

    @Test
    void languageAndItemLevelMatchTheIndependentDerivation() throws IOException {
        Path in = writeInputs(tmp.resolve("in"));
        Path out = tmp.resolve("report");
        CliRunner r = CliRunner.run("correlate", "--alignment", in.resolve("results.json").toString(),
                "--accuracy", in.resolve("predictions.jsonl").toString(), "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("pearson_r") && r.out.contains("mexa"), r.out);
        JsonNode json = JSON.readTree(out.resolve("correlation.json").toFile());
        assertEquals("babelscope-correlate/1", json.get("format").asText());

        // language level, mexa: 4 languages (deu_Latn=de, fra_Latn=fr, ita_Latn=it, zho_Hans=cn)
        assertEquals(0.9922778767136677, num(json, "/language_level/mexa/correlation/mean/pearson_r"), 1e-12);
        assertEquals(0.007722123286332261, num(json, "/language_level/mexa/correlation/mean/pearson_p"), 1e-12);
        assertEquals(1.0, num(json, "/language_level/mexa/correlation/mean/spearman_rho"), 1e-12);
        assertEquals(0.0, num(json, "/language_level/mexa/correlation/mean/spearman_p"), 1e-12);
        assertEquals(0.8366600265340756, num(json, "/language_level/mexa/correlation/max/pearson_r"), 1e-12);
        assertEquals(0.16333997346592444, num(json, "/language_level/mexa/correlation/max/pearson_p"), 1e-12);
        assertEquals(0.8, num(json, "/language_level/mexa/correlation/max/spearman_rho"), 1e-12);
        assertEquals(0.2, num(json, "/language_level/mexa/correlation/max/spearman_p"), 1e-12);
        assertEquals(4, json.at("/language_level/mexa/correlation/mean/n").asInt());
        JsonNode rows = json.at("/language_level/mexa/languages");
        assertEquals("zho_Hans", rows.get(3).get("alignment_key").asText());
        assertEquals("cn", rows.get(3).get("accuracy_key").asText());
        assertEquals("zho", rows.get(3).get("language").asText());
        assertEquals("ISO 639-3", rows.get(3).get("matched_by").asText());
        assertEquals(2.0 / 6, rows.get(3).get("accuracy").asDouble(), 1e-15);
        List<String> leftOut = new ArrayList<>();
        json.at("/language_level/mexa/left_out").forEach(l -> leftOut.add(l.get("source").asText() + ":" + l.get("key").asText()));
        assertTrue(leftOut.containsAll(List.of("alignment:eng-it", "alignment:yor_Latn", "accuracy:en", "accuracy:eng-it", "accuracy:yo")),
                leftOut.toString());

        // cos: option views averaged into it and de; 3 languages
        assertEquals(2, json.at("/language_level/cos/option_views_averaged").size());
        assertEquals(3, json.at("/language_level/cos/correlation/mean/n").asInt());
        assertEquals(0.9866660700433731, num(json, "/language_level/cos/correlation/mean/pearson_r"), 1e-12);
        assertEquals(0.10407776574085804, num(json, "/language_level/cos/correlation/mean/pearson_p"), 1e-12);
        assertEquals(0.9933992677987828, num(json, "/language_level/cos/correlation/max/pearson_r"), 1e-12);
        // retrieval: two languages only
        assertEquals(2, json.at("/language_level/retrieval/correlation/mean/n").asInt());
        assertTrue(json.at("/language_level/retrieval/correlation/mean/pearson_r").isNull());
        assertEquals("n/a (n = 2)", json.at("/language_level/retrieval/correlation/mean/note").asText());
        // dali, language level
        assertEquals(0.9326733179802504, num(json, "/language_level/dali/correlation/mean/pearson_r"), 1e-12);
        assertEquals(0.06732668201974956, num(json, "/language_level/dali/correlation/mean/pearson_p"), 1e-12);

        // item level: l* = layer 2; it's pivot is eng-it, the others' en
        assertEquals("done", json.at("/item_level/status").asText());
        assertEquals(2, json.at("/item_level/l_star").asInt());
        assertArrayEquals(new double[] {0.25, 0.625, 5.0 / 12}, JSON.convertValue(json.at("/item_level/mean_per_layer"), double[].class), 1e-12);
        assertEquals("eng-it", json.at("/item_level/per_language/it/pivot_key").asText());
        assertEquals("en", json.at("/item_level/per_language/de/pivot_key").asText());
        assertEquals(2, json.at("/item_level/per_language/cn/l_star").asInt());
        assertEquals(4, json.at("/item_level/per_language/it/n_cc").asInt());
        assertEquals(1, json.at("/item_level/per_language/it/n_cw").asInt());
        assertEquals(1.0, num(json, "/item_level/per_language/it/delta/dali/delta"), 1e-12);
        assertEquals(2.2360679774997902, num(json, "/item_level/per_language/it/delta/dali/z"), 1e-12);
        assertEquals(0.012673659338734105, num(json, "/item_level/per_language/it/delta/dali/p"), 1e-12);
        assertEquals(0.75, num(json, "/item_level/per_language/it/delta/dali_s/delta"), 1e-12);
        assertEquals(1.3693063937629153, num(json, "/item_level/per_language/it/delta/dali_s/z"), 1e-12);
        assertEquals(0.08545176011539873, num(json, "/item_level/per_language/it/delta/dali_s/p"), 1e-12);
        assertEquals(0.5, num(json, "/item_level/per_language/de/delta/dali/delta"), 1e-12);
        assertEquals(0.08545176011539873, num(json, "/item_level/per_language/de/delta/dali/p"), 1e-12);
        assertEquals(0.75, num(json, "/item_level/per_language/de/auroc/dali/auroc"), 1e-12);
        assertEquals(0.7777777777777778, num(json, "/item_level/per_language/fr/auroc/dali_margin/auroc"), 1e-12);
        assertEquals(0.05833333333333334, num(json, "/item_level/per_language/fr/delta/dali_margin/delta"), 1e-12);
        assertTrue(json.at("/item_level/per_language/fr/delta/dali_margin/z").isNull(), "no z-test for a continuous score");
        assertEquals(11, json.at("/item_level/pooled/n_cc").asInt());
        assertEquals(9, json.at("/item_level/pooled/n_cw").asInt());
        assertEquals(0.7777777777777778, num(json, "/item_level/pooled/delta/dali/delta"), 1e-12);
        assertEquals(3.628001262733127, num(json, "/item_level/pooled/delta/dali/z"), 1e-12);
        assertEquals(0.00014281193222656863, num(json, "/item_level/pooled/delta/dali/p"), 1e-15);
        assertEquals(0.6868686868686869, num(json, "/item_level/pooled/delta/dali_s/delta"), 1e-12);
        assertEquals(3.1193973345246886, num(json, "/item_level/pooled/delta/dali_s/z"), 1e-12);
        assertEquals(0.0009061070106519451, num(json, "/item_level/pooled/delta/dali_s/p"), 1e-14);
        assertEquals(0.8642857142857143, num(json, "/item_level/pooled/auroc/dali/auroc"), 1e-12);
        assertEquals(0.7571428571428571, num(json, "/item_level/pooled/auroc/dali_s/auroc"), 1e-12);
        assertEquals(0.8285714285714286, num(json, "/item_level/pooled/auroc/dali_margin/auroc"), 1e-12);
        assertEquals(List.of("dali", "dali_s"), JSON.convertValue(json.at("/item_level/binary_metrics"), List.class));
        assertTrue(json.at("/item_level/left_out").toString().contains("eng-it"));

        String md = Files.readString(out.resolve("report.md"));
        for (String metric : List.of("mexa", "cos", "retrieval", "dali")) {
            for (String plot : List.of("layers-" + metric + ".png", "scatter-" + metric + ".png")) {
                assertTrue(md.contains("](" + plot + ")"), plot);
                byte[] png = Files.readAllBytes(out.resolve(plot));
                assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', plot);
            }
        }
        assertTrue(md.contains("yor_Latn") && md.contains("Item level") && md.contains("l* = layer 2"), md);
        assertTrue(md.contains(in.resolve("predictions.jsonl").toAbsolutePath().toString()));
        assertEquals(List.of(), leftovers(tmp), "no temporary files beside the report");

        // a second run replaces the earlier report
        CliRunner again = CliRunner.run("correlate", "--alignment", in.resolve("results.json").toString(),
                "--accuracy", in.resolve("predictions.jsonl").toString(), "--metrics", "mexa", "--out", out.toString());
        assertEquals(0, again.exitCode, again.toString());
        JsonNode second = JSON.readTree(out.resolve("correlation.json").toFile());
        assertEquals(List.of("mexa"), iterate(second.get("language_level")));
        assertFalse(Files.exists(out.resolve("layers-cos.png")));
    }

    @Test
    void languageLevelFromAccuracyJsonAndCsvWithLangMap() throws IOException {
        Path in = writeInputs(tmp.resolve("in"));
        Files.writeString(in.resolve("accuracy.json"), "{\"german\": 0.6666666666666666, \"fr\": 0.5, \"it\": 0.8333333333333334, \"cn\": 0.3333333333333333}");
        Path out = tmp.resolve("json-report");
        CliRunner r = CliRunner.run("correlate", "--alignment", in.resolve("results.json").toString(),
                "--accuracy", in.resolve("accuracy.json").toString(), "--metrics", "mexa,dali", "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode json = JSON.readTree(out.resolve("correlation.json").toFile());
        assertEquals(0.9922778767136677, num(json, "/language_level/mexa/correlation/mean/pearson_r"), 1e-12);
        assertEquals("skipped", json.at("/item_level/status").asText());
        assertTrue(json.at("/item_level/reason").asText().contains("predictions.jsonl"));

        Files.writeString(in.resolve("accuracy.csv"), "lang,accuracy\nde,0.6666666666666666\nfr,0.5\nit,0.8333333333333334\nhan,0.3333333333333333\n");
        Path csvOut = tmp.resolve("csv-report");
        CliRunner c = CliRunner.run("correlate", "--alignment", in.resolve("results.json").toString(),
                "--accuracy", in.resolve("accuracy.csv").toString(), "--metrics", "mexa", "--lang-map", "han=zho_Hans",
                "--out", csvOut.toString());
        assertEquals(0, c.exitCode, c.toString());
        JsonNode csv = JSON.readTree(csvOut.resolve("correlation.json").toFile());
        assertEquals(4, csv.at("/language_level/mexa/correlation/mean/n").asInt());
        assertEquals(0.9922778767136677, num(csv, "/language_level/mexa/correlation/mean/pearson_r"), 1e-12);
        assertEquals("--lang-map", csv.at("/language_level/mexa/languages/3/matched_by").asText());
    }

    @Test
    void badInputExitsTwoAndWritesNothing() throws IOException {
        Path in = writeInputs(tmp.resolve("in"));
        String results = in.resolve("results.json").toString();
        String predictions = in.resolve("predictions.jsonl").toString();
        Path out = tmp.resolve("nested").resolve("report");

        expectBad(out, "no such file", "--alignment", in.resolve("missing.json").toString(), "--accuracy", predictions);
        Files.writeString(in.resolve("broken.json"), "{\"metrics\": ");
        expectBad(out, "broken.json", "--alignment", in.resolve("broken.json").toString(), "--accuracy", predictions);
        expectBad(out, "unknown metric nope", "--alignment", results, "--accuracy", predictions, "--metrics", "mexa,nope");
        expectBad(out, "--accuracy-field", "--alignment", results, "--accuracy", predictions, "--accuracy-field", "right");

        Path noLang = in.resolve("nolang.jsonl");
        Files.writeString(noLang, prediction("de", 0, true) + "\n" + prediction("de", 1, true) + "\n{\"item\":2,\"correct\":true}\n");
        expectBad(out, "nolang.jsonl:3: no \"lang\"", "--alignment", results, "--accuracy", noLang.toString());
        Path noItem = in.resolve("noitem.jsonl");
        Files.writeString(noItem, prediction("de", 0, true) + "\n{\"lang\":\"de\",\"correct\":true}\n");
        expectBad(out, "noitem.jsonl:2: no \"item\"", "--alignment", results, "--accuracy", noItem.toString());

        Path shortItems = in.resolve("short.jsonl");
        Files.writeString(shortItems, "{\"lang\":\"de\",\"item\":0,\"dali\":[0,1,1]}\n{\"lang\":\"de\",\"item\":1,\"dali\":[0,1]}\n");
        expectBad(out, "short.jsonl:2: dali has 2 values, expected 3", "--alignment", results, "--accuracy", predictions,
                "--item-scores", shortItems.toString());

        Files.writeString(in.resolve("other.json"), "{\"tlh\": 0.5, \"xx\": 0.7}");
        expectBad(out, "no language is in both", "--alignment", results, "--accuracy", in.resolve("other.json").toString());
        expectBad(out, "needs per-item correctness", "--alignment", results, "--accuracy", in.resolve("other.json").toString(),
                "--item-scores", in.resolve("results.items.jsonl").toString());

        // results.json names an item-score file that is not there
        Files.delete(in.resolve("results.items.jsonl"));
        expectBad(out, "results.items.jsonl: no such file", "--alignment", results, "--accuracy", predictions);

        // an --out directory that is not a report is left alone
        Path busy = tmp.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("notes.txt"), "mine");
        CliRunner r = CliRunner.run("correlate", "--alignment", results, "--accuracy", predictions, "--out", busy.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals(List.of("notes.txt"), iterateDir(busy));
    }

    private void expectBad(Path out, String message, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("correlate"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        CliRunner r = CliRunner.run(all.toArray(String[]::new));
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains(message), "expected '" + message + "' in:\n" + r);
        assertFalse(r.err.contains("\tat "), "no stack trace:\n" + r);
        assertFalse(Files.exists(out.getParent()), "nothing written: " + r);
        assertEquals(List.of(), leftovers(tmp));
    }

    /** Temporary files or directories (names starting with a dot) anywhere under dir. */
    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    private static List<String> iterate(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> iterateDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
