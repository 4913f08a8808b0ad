package org.babelscope.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.babelscope.BadInputException;

/**
 * Per-item alignment scores (JSONL), one line per language and item:
 * {@code {"lang":"it","pivot":"eng-it","item":17,"dali":[0,1,…],"dali_s":[…],"dali_margin":[…]}}.
 * Every array-valued field (or those results.json's {@code item_scores.metrics} names) is a score
 * with one value per layer (null = not computed).
 */
public record ItemScores(Path path, List<String> metrics, int length, Map<String, Language> languages) {

    /** One language's items by index, and the pivot key its lines name (null if none). */
    public record Language(String key, String pivot, Map<Integer, Map<String, double[]>> items) {
    }

    /**
     * @param length values per array (results.json's layers), or -1 to take the first line's
     * @param only   the score fields to read (results.json's item_scores.metrics), or empty for
     *               every array-valued field
     */
    public static ItemScores read(Path file, int length, List<String> only) {
        Map<String, String> pivots = new LinkedHashMap<>();
        Map<String, Map<Integer, Map<String, double[]>>> byLang = new LinkedHashMap<>();
        Set<String> metrics = new LinkedHashSet<>();
        int[] len = {length};
        int lines = JsonInput.readLines(file, "item scores", (lineNo, node) -> {
            String at = JsonInput.at(file, lineNo);
            JsonNode lang = node.get("lang");
            if (lang == null || !lang.isTextual() || lang.asText().isBlank()) {
                throw new BadInputException(at + ": no \"lang\" (a string)");
            }
            int item = itemIndex(node, at);
            String key = lang.asText();
            Map<String, double[]> scores = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isArray() || (!only.isEmpty() && !only.contains(f.getKey()))) {
                    continue;
                }
                double[] v = JsonInput.numbers(f.getValue(), at + ": " + f.getKey());
                if (len[0] < 0) {
                    len[0] = v.length;
                }
                if (v.length != len[0]) {
                    throw new BadInputException(at + ": " + f.getKey() + " has " + v.length + " values, expected "
                            + len[0] + (length >= 0 ? " (one per layer of results.json)" : " (as on the first line)"));
                }
                scores.put(f.getKey(), v);
                metrics.add(f.getKey());
            }
            if (scores.isEmpty()) {
                throw new BadInputException(at + ": no score arrays (e.g. \"dali\": [0, 1, ...])");
            }
            Map<Integer, Map<String, double[]>> items = byLang.computeIfAbsent(key, k -> new TreeMap<>());
            if (items.containsKey(item)) {
                throw new BadInputException(at + ": lang " + key + " item " + item + " appears twice");
            }
            items.put(item, scores);
            JsonNode pivot = node.get("pivot");
            if (pivot != null && pivot.isTextual()) {
                pivots.putIfAbsent(key, pivot.asText());
            }
        });
        if (lines == 0) {
            throw new BadInputException("item scores " + file + ": no lines");
        }
        Map<String, Language> languages = new LinkedHashMap<>();
        byLang.forEach((k, items) -> languages.put(k, new Language(k, pivots.get(k), Collections.unmodifiableMap(items))));
        return new ItemScores(file, List.copyOf(new ArrayList<>(metrics)), len[0], Collections.unmodifiableMap(languages));
    }

    static int itemIndex(JsonNode node, String at) {
        JsonNode item = node.get("item");
        if (item == null || !item.isIntegralNumber() || !item.canConvertToInt() || item.asInt() < 0) {
            throw new BadInputException(at + ": no \"item\" (the item's 0-based index, an integer)");
        }
        return item.asInt();
    }
}
