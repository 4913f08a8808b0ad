package org.babelscope.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.babelscope.metrics.AlignmentResults;
import org.babelscope.metrics.Metric;

/**
 * results.json of {@code align} and its human-readable table. The JSON shape is a contract:
 * {@code {"metrics": {"<metric>": {"per_language": {"<view>": {"per_layer": [..], "mean": x,
 * "max": y, "argmax_layer": l}}}}}}, beside the inputs' identities.
 */
public final class AlignmentReport {
    public static final String FORMAT = "babelscope-align/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AlignmentReport() {
    }

    /**
     * @param inputs identities of what was scored (store path, model, parameters), copied into the
     *               file as they are
     */
    public static ObjectNode toJson(AlignmentResults r, Map<String, Object> inputs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("pivot", r.pivot());
        root.put("n_items", r.items());
        ArrayNode layers = root.putArray("layers");
        r.layers().forEach(layers::add);
        ObjectNode in = root.putObject("inputs");
        inputs.forEach((k, v) -> in.set(k, JSON.valueToTree(v)));
        ObjectNode metrics = root.putObject("metrics");
        for (Metric m : r.metrics()) {
            ObjectNode metric = metrics.putObject(m.key());
            metric.put("description", m.description());
            ObjectNode perLanguage = metric.putObject("per_language");
            for (String lang : r.languages()) {
                ObjectNode entry = perLanguage.putObject(lang);
                ArrayNode series = entry.putArray("per_layer");
                for (double v : r.perLayer(m, lang)) {
                    series.add(v);
                }
                entry.put("mean", r.mean(m, lang));
                entry.put("max", r.max(m, lang));
                entry.put("argmax_layer", r.layers().get(r.argmax(m, lang)));
            }
        }
        return root;
    }

    public static void write(Path out, JsonNode json) throws IOException {
        ResultFiles.writeAtomically(out, JSON.writeValueAsBytes(json));
    }

    /**
     * One row per language: each metric's mean over layers, its best value and the layer where
     * it peaks ("0.912@L5").
     */
    public static String table(AlignmentResults r) {
        List<String> header = new ArrayList<>(List.of("language"));
        for (Metric m : r.metrics()) {
            header.add(m.key() + " mean");
            header.add(m.key() + " max@layer");
        }
        TextTable t = new TextTable(header);
        for (String lang : r.languages()) {
            List<String> row = new ArrayList<>(List.of(lang));
            for (Metric m : r.metrics()) {
                row.add(String.format(Locale.ROOT, "%.3f", r.mean(m, lang)));
                row.add(String.format(Locale.ROOT, "%.3f@L%d", r.max(m, lang), r.layers().get(r.argmax(m, lang))));
            }
            t.add(row);
        }
        return t.render();
    }
}
