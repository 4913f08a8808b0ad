package org.babelscope.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.babelscope.BadInputException;

/**
 * Task accuracy per language, and per item where the input has items. Read from
 * predictions.jsonl of {@code eval} (one line per item and language; the chosen field, e.g.
 * {@code correct}, true/false, or null when there is no gold: such lines do not count), from
 * accuracy.json ({@code {"it": 0.61, …}}) or from accuracy.csv (header {@code lang,accuracy}).
 */
public record Accuracy(Path path, Kind kind, String field, Map<String, Language> languages, int uncounted) {

    public enum Kind {
        PREDICTIONS("predictions.jsonl"), JSON("accuracy.json"), CSV("accuracy.csv");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** accuracy over n counted items; items (index → correct) only from predictions.jsonl. */
    public record Language(String key, double accuracy, int n, Map<Integer, Boolean> items) {
    }

    public boolean hasItems() {
        return kind == Kind.PREDICTIONS;
    }

    /** By the file's name: *.jsonl predictions, *.json an object, *.csv a table. */
    public static Accuracy read(Path file, String field) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) {
            return predictions(file, field);
        } else if (name.endsWith(".json")) {
            return json(file);
        } else if (name.endsWith(".csv")) {
            return csv(file);
        }
        throw new BadInputException("--accuracy " + file + ": expected predictions .jsonl, accuracy .json or accuracy .csv");
    }

    static Accuracy predictions(Path file, String field) {
        Map<String, Map<Integer, Boolean>> items = new LinkedHashMap<>();
        Map<String, Integer> seenAt = new java.util.HashMap<>();
        int[] uncounted = {0};
        JsonInput.readLines(file, "predictions", (lineNo, node) -> {
            String at = JsonInput.at(file, lineNo);
            JsonNode lang = node.get("lang");
            if (lang == null || !lang.isTextual() || lang.asText().isBlank()) {
                throw new BadInputException(at + ": no \"lang\" (a string)");
            }
            int item = ItemScores.itemIndex(node, at);
            String id = lang.asText() + "\u0000" + item;
            Integer first = seenAt.putIfAbsent(id, lineNo);
            if (first != null) {
                throw new BadInputException(at + ": lang " + lang.asText() + " item " + item
                        + " appears twice (first on line " + first + "); one task per predictions file");
            }
            JsonNode v = node.get(field);
            Map<Integer, Boolean> langItems = items.computeIfAbsent(lang.asText(), k -> new TreeMap<>());
            if (v == null || v.isNull()) {
                uncounted[0]++;
                return;
            }
            boolean correct;
            if (v.isBoolean()) {
                correct = v.asBoolean();
            } else if (v.isIntegralNumber() && (v.asInt() == 0 || v.asInt() == 1)) {
                correct = v.asInt() == 1;
            } else {
                throw new BadInputException(at + ": \"" + field + "\" must be true, false or null, got " + v);
            }
            langItems.put(item, correct);
        });
        Map<String, Language> languages = new LinkedHashMap<>();
        items.forEach((lang, its) -> {
            int correct = 0;
            for (boolean b : its.values()) {
                correct += b ? 1 : 0;
            }
            double acc = its.isEmpty() ? Double.NaN : (double) correct / its.size();
            languages.put(lang, new Language(lang, acc, its.size(), Collections.unmodifiableMap(its)));
        });
        if (languages.values().stream().allMatch(l -> l.n() == 0)) {
            throw new BadInputException("predictions " + file + ": no line has a true/false \"" + field + "\""
                    + (languages.isEmpty() ? " (the file has no lines)" : " (MGSM lines carry \"correct\" only; null means no gold)"));
        }
        return new Accuracy(file, Kind.PREDICTIONS, field, Collections.unmodifiableMap(languages), uncounted[0]);
    }

    static Accuracy json(Path file) {
        JsonNode root = JsonInput.readJson(file, "accuracy");
        if (!root.isObject() || root.isEmpty()) {
            throw new BadInputException("accuracy " + file + ": expected an object of language to accuracy, e.g. {\"it\": 0.61}");
        }
        Map<String, Language> languages = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double v = JsonInput.number(e.getValue(), "accuracy " + file + ": " + e.getKey());
            if (!Double.isFinite(v)) {
                throw new BadInputException("accuracy " + file + ": " + e.getKey() + " is not a finite number");
            }
            languages.put(e.getKey(), new Language(e.getKey(), v, -1, Map.of()));
        }
        return new Accuracy(file, Kind.JSON, "accuracy", Collections.unmodifiableMap(languages), 0);
    }

    static Accuracy csv(Path file) {
        JsonInput.requireFile(file, "accuracy");
        Map<String, Language> languages = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            int langCol = -1;
            int accCol = -1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (langCol < 0) {
                    for (int c = 0; c < cells.length; c++) {
                        String h = cells[c].trim().replace("\uFEFF", "").toLowerCase(Locale.ROOT);
                        if (h.equals("lang")) {
                            langCol = c;
                        } else if (h.equals("accuracy")) {
                            accCol = c;
                        }
                    }
                    if (langCol < 0 || accCol < 0) {
                        throw new BadInputException(JsonInput.at(file, lineNo) + ": expected the header lang,accuracy, got '" + line + "'");
                    }
                    continue;
                }
                String at = JsonInput.at(file, lineNo);
                if (cells.length <= Math.max(langCol, accCol)) {
                    throw new BadInputException(at + ": expected " + (Math.max(langCol, accCol) + 1) + " columns, got " + cells.length);
                }
                String lang = cells[langCol].trim();
                double v;
                try {
                    v = Double.parseDouble(cells[accCol].trim());
                } catch (NumberFormatException e) {
                    throw new BadInputException(at + ": accuracy '" + cells[accCol].trim() + "' is not a number");
                }
                if (lang.isEmpty() || !Double.isFinite(v)) {
                    throw new BadInputException(at + ": expected a language and a finite accuracy");
                }
                if (languages.put(lang, new Language(lang, v, -1, Map.of())) != null) {
                    throw new BadInputException(at + ": language " + lang + " appears twice");
                }
            }
        } catch (IOException e) {
            throw new BadInputException("accuracy " + file + ": cannot read: " + e.getMessage(), e);
        }
        if (languages.isEmpty()) {
            throw new BadInputException("accuracy " + file + ": no rows under the header lang,accuracy");
        }
        return new Accuracy(file, Kind.CSV, "accuracy", Collections.unmodifiableMap(languages), 0);
    }
}
