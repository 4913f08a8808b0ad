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
        return toJson(List.of(r), inputs);
    }

    /**
     * One results.json for several parts of one run over the same layers (the per-view metrics and
     * the per-language task metrics), their metrics side by side.
     */
    public static ObjectNode toJson(List<AlignmentResults> parts, Map<String, Object> inputs) {
        AlignmentResults r = parts.get(0);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("pivot", r.pivot());
        root.put("n_items", r.items());
        ArrayNode layers = root.putArray("layers");
        r.layers().forEach(layers::add);
        ObjectNode in = root.putObject("inputs");
        inputs.forEach((k, v) -> in.set(k, JSON.valueToTree(v)));
        ObjectNode metrics = root.putObject("metrics");
        for (AlignmentResults part : parts) {
            putMetrics(metrics, part);
        }
        return root;
    }

    private static void putMetrics(ObjectNode metrics, AlignmentResults r) {
        for (Metric m : r.metrics()) {
            ObjectNode metric = metrics.putObject(m.key());
            metric.put("description", m.description());
            ObjectNode perLanguage = metric.putObject("per_language");
            for (String lang : r.languages()) {
                ObjectNode entry = perLanguage.putObject(lang);
                JsonNumbers.addAll(entry.putArray("per_layer"), r.perLayer(m, lang));
                JsonNumbers.put(entry, "mean", r.mean(m, lang));
                JsonNumbers.put(entry, "max", r.max(m, lang));
                entry.put("argmax_layer", r.layers().get(r.argmax(m, lang)));
            }
        }
    }

    public static void write(Path out, JsonNode json) throws IOException {
        ResultFiles.writeAtomically(out, JSON.writeValueAsBytes(json));
    }

    /**
     * Two small tables, one row per language and one column per metric: the mean over layers,
     * then the best layer's value and where it is ("0.912@L5").
     */
    public static String table(AlignmentResults r) {
        List<String> header = new ArrayList<>(List.of("language"));
        for (Metric m : r.metrics()) {
            header.add(m.key());
        }
        TextTable mean = new TextTable(header);
        TextTable best = new TextTable(header);
        for (String lang : r.languages()) {
            List<String> meanRow = new ArrayList<>(List.of(lang));
            List<String> bestRow = new ArrayList<>(List.of(lang));
            for (Metric m : r.metrics()) {
                meanRow.add(String.format(Locale.ROOT, "%.3f", r.mean(m, lang)));
                bestRow.add(String.format(Locale.ROOT, "%.3f@L%d", r.max(m, lang), r.layers().get(r.argmax(m, lang))));
            }
            mean.add(meanRow);
            best.add(bestRow);
        }
        return String.format(Locale.ROOT, "pivot %s, %d items, layers %s%n%nmean over layers%n%s%nbest layer (value@layer)%n%s",
                r.pivot(), r.items(), LayerSpan.describe(r.layers()), mean.render(), best.render());
    }
}
