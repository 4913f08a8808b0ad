package org.babelscope.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.babelscope.report.TextTable;

/** Per-language accuracy of predictions.jsonl lines: acc, and acc_norm / acc_bytes for choice tasks. */
public final class AccuracySummary {
    /** Counts of one language; {@code scored} items have a gold label. */
    public static final class Row {
        int items;
        int scored;
        int correct;
        int correctNorm;
        int correctBytes;
        boolean choice;

        public int items() {
            return items;
        }

        public int scored() {
            return scored;
        }

        public double acc() {
            return scored == 0 ? Double.NaN : (double) correct / scored;
        }

        public double accNorm() {
            return scored == 0 || !choice ? Double.NaN : (double) correctNorm / scored;
        }

        public double accBytes() {
            return scored == 0 || !choice ? Double.NaN : (double) correctBytes / scored;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    public static AccuracySummary of(List<JsonNode> lines, List<String> languages) {
        AccuracySummary s = new AccuracySummary();
        for (String lang : languages) {
            s.rows.put(lang, new Row());
        }
        for (JsonNode n : lines) {
            Row r = s.rows.computeIfAbsent(n.get("lang").asText(), k -> new Row());
            r.items++;
            r.choice = n.has("correct_norm");
            JsonNode c = n.get("correct");
            if (c != null && !c.isNull()) {
                r.scored++;
                r.correct += c.asBoolean() ? 1 : 0;
                r.correctNorm += n.path("correct_norm").asBoolean() ? 1 : 0;
                r.correctBytes += n.path("correct_bytes").asBoolean() ? 1 : 0;
            }
        }
        return s;
    }

    public Map<String, Row> rows() {
        return rows;
    }

    public String table() {
        TextTable t = new TextTable(List.of("language", "items", "gold", "acc", "acc_norm", "acc_bytes"));
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            List<String> row = new ArrayList<>(List.of(e.getKey(), String.valueOf(r.items), String.valueOf(r.scored)));
            for (double v : new double[] {r.acc(), r.accNorm(), r.accBytes()}) {
                row.add(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v));
            }
            t.add(row);
        }
        return t.render();
    }
}
