package org.babelscope.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.babelscope.BadInputException;

/**
 * results.json of {@code align}, as correlate reads it: pivot, layers, and per metric and key the
 * per-layer series ({@code metrics.<metric>.per_language.<key>.per_layer}), plus the optional
 * {@code item_scores} reference ({@code {"file": …, "metrics": […]}}, file relative to results.json).
 * {@code itemScoreMetrics}: the score fields the item file has by results.json (empty: any array).
 * Without {@code layers}, layers are numbered by position (0, 1, …); {@code layersGiven} says which.
 */
public record AlignmentFile(Path path, String pivot, List<Integer> layers, boolean layersGiven, int nItems,
        Map<String, Map<String, double[]>> metrics, Optional<Path> itemScores, List<String> itemScoreMetrics) {
    public static final String FORMAT_PREFIX = "babelscope-align/";

    public static AlignmentFile read(Path file) {
        JsonNode root = JsonInput.readJson(file, "alignment results");
        if (!root.isObject()) {
            throw new BadInputException(file + ": expected a JSON object (results.json of align)");
        }
        JsonNode format = root.get("format");
        if (format != null && !format.asText().startsWith(FORMAT_PREFIX)) {
            throw new BadInputException(file + ": format is '" + format.asText() + "', expected " + FORMAT_PREFIX + "N (results.json of align)");
        }
        String pivot = root.path("pivot").isTextual() ? root.get("pivot").asText() : null;
        List<Integer> layers = null;
        if (root.has("layers")) {
            JsonNode l = root.get("layers");
            if (!l.isArray()) {
                throw new BadInputException(file + ": layers must be an array of layer numbers");
            }
            layers = new ArrayList<>();
            for (JsonNode n : l) {
                if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                    throw new BadInputException(file + ": layers must be an array of layer numbers, got " + n);
                }
                layers.add(n.asInt());
            }
        }
        JsonNode metricsNode = root.get("metrics");
        if (metricsNode == null || !metricsNode.isObject() || metricsNode.isEmpty()) {
            throw new BadInputException(file + ": no metrics (expected metrics.<metric>.per_language.<key>.per_layer)");
        }
        Map<String, Map<String, double[]>> metrics = new LinkedHashMap<>();
        int length = layers == null ? -1 : layers.size();
        for (Iterator<Map.Entry<String, JsonNode>> it = metricsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode perLanguage = m.getValue().get("per_language");
            String where = file + ": metrics." + m.getKey();
            if (perLanguage == null || !perLanguage.isObject()) {
                throw new BadInputException(where + " has no per_language object");
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> lt = perLanguage.fields(); lt.hasNext(); ) {
                Map.Entry<String, JsonNode> e = lt.next();
                String w = where + ".per_language." + e.getKey() + ".per_layer";
                double[] values = JsonInput.numbers(e.getValue().get("per_layer"), w);
                if (values.length == 0) {
                    throw new BadInputException(w + " is empty");
                }
                if (length < 0) {
                    length = values.length;
                }
                if (values.length != length) {
                    throw new BadInputException(w + " has " + values.length + " values, expected " + length
                            + (layers != null ? " (one per entry of layers)" : " (as the other series)"));
                }
                series.put(e.getKey(), values);
            }
            metrics.put(m.getKey(), Collections.unmodifiableMap(series));
        }
        boolean layersGiven = layers != null;
        if (layers == null) {
            layers = new ArrayList<>();
            for (int i = 0; i < Math.max(length, 0); i++) {
                layers.add(i);
            }
        }
        Optional<Path> items = Optional.empty();
        List<String> itemMetrics = new ArrayList<>();
        JsonNode is = root.get("item_scores");
        if (is != null && !is.isNull()) {
            if (!is.path("file").isTextual() || is.get("file").asText().isBlank()) {
                throw new BadInputException(file + ": item_scores must be {\"file\": \"<path relative to results.json>\", ...}");
            }
            Path dir = file.toAbsolutePath().getParent();
            items = Optional.of(dir.resolve(is.get("file").asText()).normalize());
            if (is.has("metrics")) {
                if (!is.get("metrics").isArray()) {
                    throw new BadInputException(file + ": item_scores.metrics must be an array of names");
                }
                is.get("metrics").forEach(n -> itemMetrics.add(n.asText()));
            }
        }
        return new AlignmentFile(file, pivot, List.copyOf(layers), layersGiven, root.path("n_items").asInt(-1),
                Collections.unmodifiableMap(metrics), items, List.copyOf(itemMetrics));
    }
}
