package org.babelscope.calm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.babelscope.BadInputException;
import org.babelscope.stats.JsonInput;

/**
 * The words after which each language's answers give their letter ("Answer:", "答案:", …). The
 * defaults are the markers of X-CSQA's instructions, plus "回答" for Japanese (the samples use
 * both) and English "Answer" in every language (the German and Italian prompts end with it, and
 * models often fall back to it). A JSON file {"lang": ["marker", …]} replaces a language's list.
 */
public final class AnswerMarkers {
    private static final String ENGLISH = "Answer";
    private static final Map<String, List<String>> DEFAULTS = Map.of(
            "en", List.of(ENGLISH),
            "zh", List.of("答案", ENGLISH),
            "fr", List.of("Réponse", ENGLISH),
            "de", List.of("Antwort", ENGLISH),
            "it", List.of("Risposta", ENGLISH),
            "ja", List.of("答え", "回答", ENGLISH));

    private final Map<String, List<String>> byLanguage;

    private AnswerMarkers(Map<String, List<String>> byLanguage) {
        this.byLanguage = byLanguage;
    }

    public static AnswerMarkers defaults() {
        return new AnswerMarkers(DEFAULTS);
    }

    /** The defaults, with the languages of {@code file} (null: none) replaced by its lists. */
    public static AnswerMarkers load(Path file) {
        Map<String, List<String>> merged = new LinkedHashMap<>(DEFAULTS);
        if (file == null) {
            return new AnswerMarkers(merged);
        }
        JsonNode root = JsonInput.readJson(file, "markers file");
        if (!root.isObject()) {
            throw new BadInputException(file + ": expected a JSON object {\"lang\": [\"marker\", ...]}");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            List<String> markers = new ArrayList<>();
            for (JsonNode m : e.getValue()) {
                markers.add(m.isTextual() ? m.asText().strip() : "");
            }
            if (!e.getValue().isArray() || markers.isEmpty() || markers.contains("")) {
                throw new BadInputException(file + ": \"" + e.getKey() + "\" must be a non-empty list of non-empty strings");
            }
            merged.put(CalmLanguages.canonical(e.getKey()), List.copyOf(markers));
        }
        return new AnswerMarkers(merged);
    }

    private Optional<List<String>> forLanguage(String lang) {
        return Optional.ofNullable(byLanguage.get(CalmLanguages.canonical(lang)));
    }

    /** The parser of {@code lang}'s answers; bad input when the language has no markers. */
    public AnswerParser parser(String lang) {
        return new AnswerParser(forLanguage(lang).orElseThrow(() -> new BadInputException("unknown language " + lang
                + ": no answer marker for it; known: " + String.join(", ", byLanguage.keySet())
                + " (cn = zh); give its markers with --markers FILE")));
    }
}
