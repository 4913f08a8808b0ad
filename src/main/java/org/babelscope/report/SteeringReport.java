package org.babelscope.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.babelscope.BadInputException;
import org.babelscope.stats.LanguageKeys;

/**
 * Before and after steering, per language: alignment with the pivot (from two align results),
 * task accuracy and the off-target rate (from two eval summaries), and whether and how hard the
 * language was steered. Alignment views ({@code swh_Latn}) and task languages ({@code sw}) are
 * matched by ISO 639-3 code, as correlate matches them.
 */
public final class SteeringReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> ALIGNMENT_METRICS = List.of("cos", "mexa");

    /** One language's numbers; NaN where an input does not cover it. */
    private record Row(String language, String alignmentView, double steerNorm, double[] alignmentBefore,
            double[] alignmentAfter, double accBefore, double accAfter, double offTargetBefore, double offTargetAfter) {
    }

    private final List<Row> rows;
    private final List<Integer> layers;

    private SteeringReport(List<Row> rows, List<Integer> layers) {
        this.rows = rows;
        this.layers = layers;
    }

    /**
     * @param alignBefore results.json of the unsteered store, or null
     * @param alignAfter  results.json of the steered store, or null
     * @param evalBefore  predictions.summary.json of the unsteered eval, or null
     * @param evalAfter   predictions.summary.json of the steered eval (its settings say how it was
     *                    steered), or null
     * @param layers      layers of the align results to average (null: all)
     */
    public static SteeringReport of(JsonNode alignBefore, JsonNode alignAfter, JsonNode evalBefore, JsonNode evalAfter,
            List<Integer> layers) {
        if ((alignBefore == null) != (alignAfter == null) || (evalBefore == null) != (evalAfter == null)) {
            throw new BadInputException("give alignment and eval results in pairs: before and after");
        }
        if (alignBefore == null && evalBefore == null) {
            throw new BadInputException("nothing to compare: give --alignment BEFORE,AFTER and/or --eval BEFORE,AFTER");
        }
        Set<String> languages = new LinkedHashSet<>();
        if (evalBefore != null) {
            evalBefore.path("per_language").fieldNames().forEachRemaining(languages::add);
        }
        List<String> views = new ArrayList<>();
        if (alignBefore != null) {
            alignBefore.path("metrics").path("cos").path("per_language").fieldNames().forEachRemaining(views::add);
            if (evalBefore == null) {
                languages.addAll(views);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String lang : languages) {
            List<String> same = LanguageKeys.sameLanguage(lang, views);
            // Exact keys first; by code only when unambiguous, as correlate matches them.
            String view = views.contains(lang) ? lang : same.size() == 1 ? same.get(0) : null;
            double[] before = new double[ALIGNMENT_METRICS.size()];
            double[] after = new double[ALIGNMENT_METRICS.size()];
            for (int m = 0; m < ALIGNMENT_METRICS.size(); m++) {
                before[m] = view == null ? Double.NaN : layerMean(alignBefore, ALIGNMENT_METRICS.get(m), view, layers);
                after[m] = view == null ? Double.NaN : layerMean(alignAfter, ALIGNMENT_METRICS.get(m), view, layers);
            }
            double norm = Double.NaN;
            JsonNode steer = evalAfter == null ? null : evalAfter.path("settings").path("steer");
            if (steer != null && !steer.isMissingNode()) {
                norm = steer.path("per_language").path(lang).path("norm").asDouble(Double.NaN);
            }
            rows.add(new Row(lang, view, norm, before, after, number(evalBefore, lang, "acc"),
                    number(evalAfter, lang, "acc"), number(evalBefore, lang, "off_target", "rate"),
                    number(evalAfter, lang, "off_target", "rate")));
        }
        if (evalBefore != null && evalAfter != null) {
            requireSameRun(evalBefore.path("settings"), evalAfter.path("settings"));
        }
        return new SteeringReport(rows, layers);
    }

    /** The two evals must differ in steering only: same task, data, split, model and limit. */
    private static void requireSameRun(JsonNode before, JsonNode after) {
        for (String key : List.of("task", "data", "split", "model_sha256", "limit", "shots", "languages")) {
            if (!before.path(key).equals(after.path(key))) {
                throw new BadInputException("the two evals differ in " + key + " (" + before.path(key) + " vs "
                        + after.path(key) + "); compare runs that differ in steering only");
            }
        }
    }

    private static double layerMean(JsonNode results, String metric, String view, List<Integer> layers) {
        JsonNode series = results.path("metrics").path(metric).path("per_language").path(view).path("per_layer");
        JsonNode all = results.path("layers");
        if (series.isMissingNode()) {
            return Double.NaN;
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i < series.size(); i++) {
            if (layers == null || layers.contains(all.path(i).asInt())) {
                if (series.get(i).isNull()) {
                    return Double.NaN;
                }
                sum += series.get(i).asDouble();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The number at per_language.lang.path... of an eval summary; NaN where there is none. */
    private static double number(JsonNode summary, String lang, String... path) {
        if (summary == null) {
            return Double.NaN;
        }
        JsonNode n = summary.path("per_language").path(lang);
        for (String field : path) {
            n = n.path(field);
        }
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "babelscope-lens-report/1");
        root.set("alignment_layers", layers == null ? JSON.nullNode() : JSON.valueToTree(layers));
        ObjectNode per = root.putObject("per_language");
        for (Row r : rows) {
            ObjectNode o = per.putObject(r.language());
            o.put("alignment_view", r.alignmentView());
            JsonNumbers.put(o, "steer_norm", r.steerNorm());
            for (int m = 0; m < ALIGNMENT_METRICS.size(); m++) {
                ObjectNode a = o.putObject(ALIGNMENT_METRICS.get(m));
                JsonNumbers.put(a, "before", r.alignmentBefore()[m]);
                JsonNumbers.put(a, "after", r.alignmentAfter()[m]);
            }
            ObjectNode acc = o.putObject("acc");
            JsonNumbers.put(acc, "before", r.accBefore());
            JsonNumbers.put(acc, "after", r.accAfter());
            ObjectNode off = o.putObject("off_target");
            JsonNumbers.put(off, "before", r.offTargetBefore());
            JsonNumbers.put(off, "after", r.offTargetAfter());
        }
        return root;
    }

    /** report.json and report.md, by file name (as {@link TierReport#files()}). */
    public Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("report.json", JSON.writeValueAsBytes(toJson()));
        files.put("report.md", markdown().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The table for people: one row per language, "before → after" per measure. */
    public String table() {
        TextTable t = new TextTable(List.of("lang", "|v|", "cos", "mexa", "acc", "off-target"));
        rows.forEach(r -> t.add(cells(r)));
        return t.render();
    }

    /** A row's cells in {@link #table()}'s column order. */
    private static List<String> cells(Row r) {
        return List.of(r.language(), fmt(r.steerNorm()), pair(r.alignmentBefore()[0], r.alignmentAfter()[0]),
                pair(r.alignmentBefore()[1], r.alignmentAfter()[1]), pair(r.accBefore(), r.accAfter()),
                pair(r.offTargetBefore(), r.offTargetAfter()));
    }

    /** Markdown: the same table with a header saying what the columns are. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# Lens: before and after steering\n\n");
        md.append("Per language: the steering vector's norm over all steered layers (0 = not steered: the pivot, ")
                .append("or a language the lens lacks), alignment with the pivot (mean over ")
                .append(layers == null ? "all layers" : "layers " + layers)
                .append(" of the align results), task accuracy and the share of generated answers in another ")
                .append("language (generation tasks). Cells read before → after; - where an input lacks it.\n\n");
        md.append("| lang | \\|v\\| | cos | mexa | acc | off-target |\n|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", cells(r))).append(" |\n");
        }
        return md.toString();
    }

    private static String pair(double before, double after) {
        if (Double.isNaN(before) && Double.isNaN(after)) {
            return "-";
        }
        return fmt(before) + " → " + fmt(after);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
