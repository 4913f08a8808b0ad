package org.babelscope.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.babelscope.BadInputException;
import org.babelscope.stats.LanguageKeys;
import org.babelscope.stats.LanguageLevel;
import org.babelscope.tiers.Tier;
import org.babelscope.tiers.TierAverages;

/**
 * Alignment results (align's results.json) and accuracy (eval's summary) by resource tier: the
 * macro average per tier, each tier's gap to the pivot (alignment: to 1, what the pivot scores
 * with itself; accuracy: to the pivot-language rows' accuracy), and, given a second run, the
 * languages that moved most.
 */
public final class TierReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MOVERS = 5;

    private final JsonNode alignBefore;
    private final JsonNode alignAfter;
    private final JsonNode evalBefore;
    private final JsonNode evalAfter;

    /** Any input may be null, but not both befores; an after needs its before. */
    public TierReport(JsonNode alignBefore, JsonNode alignAfter, JsonNode evalBefore, JsonNode evalAfter) {
        if (alignBefore == null && evalBefore == null) {
            throw new BadInputException("nothing to report: give --alignment and/or --accuracy");
        }
        this.alignBefore = alignBefore;
        this.alignAfter = alignAfter;
        this.evalBefore = evalBefore;
        this.evalAfter = evalAfter;
    }

    /** The metrics of a results.json, in its order. */
    private static List<String> metrics(JsonNode results) {
        List<String> out = new ArrayList<>();
        results.path("metrics").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Per language (option views and eng- pivots left out): the metric's per-layer series. */
    private static Map<String, double[]> series(JsonNode results, String metric) {
        Map<String, double[]> out = new LinkedHashMap<>();
        results.path("metrics").path(metric).path("per_language").fields().forEachRemaining(e -> {
            if (LanguageKeys.pivotPartner(e.getKey()).isPresent()) {
                return;
            }
            JsonNode a = e.getValue().path("per_layer");
            double[] v = new double[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.get(i).isNumber() ? a.get(i).asDouble() : Double.NaN;
            }
            out.put(e.getKey(), v);
        });
        return out;
    }

    /** Per language but the pivot's own rows: accuracy as one-element series. */
    private static Map<String, double[]> accuracy(JsonNode summary, boolean pivotRows) {
        Map<String, double[]> out = new LinkedHashMap<>();
        summary.path("per_language").fields().forEachRemaining(e -> {
            if (isPivot(e.getKey()) == pivotRows) {
                JsonNode acc = e.getValue().path("acc");
                out.put(e.getKey(), new double[] {acc.isNumber() ? acc.asDouble() : Double.NaN});
            }
        });
        return out;
    }

    /** English rows: eng-xx views, and English in any spelling. */
    private static boolean isPivot(String key) {
        return LanguageKeys.pivotPartner(key).isPresent() || LanguageKeys.canonical(key).map("eng"::equals).orElse(false);
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "babelscope-tier-report/1");
        root.put("source", "Joshi et al. (2020) classes: 5-4 high, 3 medium, 2-0 low");
        if (alignBefore != null) {
            ObjectNode a = root.putObject("alignment");
            a.set("layers", alignBefore.path("layers"));
            for (String m : metrics(alignBefore)) {
                ObjectNode mo = a.putObject(m);
                Map<String, double[]> before = series(alignBefore, m);
                tiers(mo, before, alignAfter == null ? null : series(alignAfter, m));
            }
        }
        if (evalBefore != null) {
            ObjectNode e = root.putObject("accuracy");
            double pivot = mean(accuracy(evalBefore, true));
            JsonNumbers.put(e, "pivot_before", pivot);
            if (evalAfter != null) {
                JsonNumbers.put(e, "pivot_after", mean(accuracy(evalAfter, true)));
            }
            tiersAccuracy(e, pivot);
        }
        return root;
    }

    private void tiers(ObjectNode out, Map<String, double[]> before, Map<String, double[]> after) {
        Map<Tier, TierAverages.Group> b = TierAverages.of(before);
        Map<Tier, TierAverages.Group> a = after == null ? null : TierAverages.of(after);
        b.forEach((tier, g) -> {
            ObjectNode t = out.putObject(tier.cliName());
            t.set("languages", JSON.valueToTree(g.languages()));
            JsonNumbers.addAll(t.putArray("per_layer"), g.mean());
            JsonNumbers.put(t, "mean", LanguageLevel.mean(g.mean()));
            JsonNumbers.put(t, "gap_to_pivot", 1 - LanguageLevel.mean(g.mean()));
            if (a != null && a.containsKey(tier)) {
                JsonNumbers.addAll(t.putArray("per_layer_after"), a.get(tier).mean());
                JsonNumbers.put(t, "mean_after", LanguageLevel.mean(a.get(tier).mean()));
                JsonNumbers.put(t, "gap_to_pivot_after", 1 - LanguageLevel.mean(a.get(tier).mean()));
            }
        });
        out.set("untiered", JSON.valueToTree(TierAverages.untiered(before.keySet())));
        if (after != null) {
            out.set("moved_most", JSON.valueToTree(movers(before, after)));
        }
    }

    private void tiersAccuracy(ObjectNode out, double pivot) {
        Map<String, double[]> before = accuracy(evalBefore, false);
        Map<String, double[]> after = evalAfter == null ? null : accuracy(evalAfter, false);
        Map<Tier, TierAverages.Group> b = TierAverages.of(before);
        Map<Tier, TierAverages.Group> a = after == null ? null : TierAverages.of(after);
        b.forEach((tier, g) -> {
            ObjectNode t = out.putObject(tier.cliName());
            t.set("languages", JSON.valueToTree(g.languages()));
            JsonNumbers.put(t, "mean", g.mean()[0]);
            JsonNumbers.put(t, "gap_to_pivot", pivot - g.mean()[0]);
            if (a != null && a.containsKey(tier)) {
                JsonNumbers.put(t, "mean_after", a.get(tier).mean()[0]);
            }
        });
        out.set("untiered", JSON.valueToTree(TierAverages.untiered(before.keySet())));
        if (after != null) {
            out.set("moved_most", JSON.valueToTree(movers(before, after)));
        }
    }

    /** Languages in both runs by |after − before| of the mean over their series, largest first. */
    static List<Map<String, Object>> movers(Map<String, double[]> before, Map<String, double[]> after) {
        List<Map<String, Object>> out = new ArrayList<>();
        before.forEach((lang, b) -> {
            double[] a = after.get(lang);
            if (a != null && Double.isFinite(LanguageLevel.mean(a) - LanguageLevel.mean(b))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("language", lang);
                m.put("before", LanguageLevel.mean(b));
                m.put("after", LanguageLevel.mean(a));
                m.put("change", LanguageLevel.mean(a) - LanguageLevel.mean(b));
                out.add(m);
            }
        });
        out.sort(Comparator.comparingDouble((Map<String, Object> m) -> -Math.abs((Double) m.get("change"))));
        return out.subList(0, Math.min(MOVERS, out.size()));
    }

    /** report.json, report.md and a PNG per alignment metric, by file name. */
    public Map<String, byte[]> files() throws IOException {
        ObjectNode json = toJson();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("report.json", JSON.writeValueAsBytes(json));
        files.put("report.md", markdown(json).getBytes(StandardCharsets.UTF_8));
        if (alignBefore != null) {
            List<Integer> layers = new ArrayList<>();
            alignBefore.path("layers").forEach(n -> layers.add(n.asInt()));
            for (String m : metrics(alignBefore)) {
                Map<String, double[]> lines = new LinkedHashMap<>();
                TierAverages.of(series(alignBefore, m)).forEach((t, g) -> lines.put(t.cliName(), g.mean()));
                if (alignAfter != null) {
                    TierAverages.of(series(alignAfter, m)).forEach((t, g) -> lines.put(t.cliName() + " after", g.mean()));
                }
                files.put("tiers-" + m + ".png", CorrelationPlots.perLayer(m + " by resource tier (macro average)", m,
                        layers, lines));
            }
        }
        return files;
    }

    /** The tables on stdout and in report.md. */
    public String table() {
        return markdown(toJson());
    }

    private static String markdown(JsonNode json) {
        StringBuilder md = new StringBuilder("# By resource tier\n\nTiers: " + json.path("source").asText()
                + ". Macro averages (each language counts once); the gap to the pivot is 1 − value for"
                + " alignment (the pivot with itself) and the pivot rows' accuracy − value for accuracy.\n");
        JsonNode align = json.path("alignment");
        align.fieldNames().forEachRemaining(m -> {
            if (m.equals("layers")) {
                return;
            }
            JsonNode mo = align.path(m);
            md.append("\n## ").append(m).append(" (mean over layers)\n\n| tier | languages | value | gap to pivot |\n|---|---:|---:|---:|\n");
            for (Tier t : Tier.values()) {
                JsonNode to = mo.path(t.cliName());
                if (!to.isMissingNode()) {
                    md.append("| ").append(t.cliName()).append(" | ").append(to.path("languages").size()).append(" | ")
                            .append(pair(to, "mean", "mean_after")).append(" | ")
                            .append(pair(to, "gap_to_pivot", "gap_to_pivot_after")).append(" |\n");
                }
            }
            movers(md, mo);
        });
        JsonNode acc = json.path("accuracy");
        if (!acc.isMissingNode()) {
            md.append("\n## accuracy\n\nPivot rows: ").append(fmt(acc.path("pivot_before")));
            if (acc.has("pivot_after")) {
                md.append(" → ").append(fmt(acc.path("pivot_after")));
            }
            md.append("\n\n| tier | languages | accuracy | gap to pivot |\n|---|---:|---:|---:|\n");
            for (Tier t : Tier.values()) {
                JsonNode to = acc.path(t.cliName());
                if (!to.isMissingNode()) {
                    md.append("| ").append(t.cliName()).append(" | ").append(to.path("languages").size()).append(" | ")
                            .append(pair(to, "mean", "mean_after")).append(" | ").append(fmt(to.path("gap_to_pivot")))
                            .append(" |\n");
                }
            }
            movers(md, acc);
        }
        return md.toString();
    }

    private static void movers(StringBuilder md, JsonNode node) {
        if (node.path("untiered").size() > 0) {
            md.append("\nWithout a tier: ").append(node.path("untiered").toString()).append('\n');
        }
        if (node.has("moved_most")) {
            md.append("\nMoved most: ");
            List<String> parts = new ArrayList<>();
            node.path("moved_most").forEach(m -> parts.add(String.format(Locale.ROOT, "%s %+.3f",
                    m.path("language").asText(), m.path("change").asDouble())));
            md.append(String.join(", ", parts)).append('\n');
        }
    }

    private static String pair(JsonNode node, String before, String after) {
        return node.has(after) ? fmt(node.path(before)) + " → " + fmt(node.path(after)) : fmt(node.path(before));
    }

    private static String fmt(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.3f", n.asDouble()) : "-";
    }

    private static double mean(Map<String, double[]> perLanguage) {
        double s = 0;
        int n = 0;
        for (double[] v : perLanguage.values()) {
            if (Double.isFinite(v[0])) {
                s += v[0];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
