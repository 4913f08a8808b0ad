package org.babelscope.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.babelscope.BadInputException;

/**
 * A corpus in one JSON Lines file: each line an object whose keys are view names (see
 * {@link ViewName}) and whose values are the texts of one item, e.g.
 * {@code {"eng_Latn": "Good morning.", "fra_Latn": "Bonjour."}}. Every line must hold the same
 * keys, the first line's order gives the view order, and values must be strings (may be empty,
 * may hold newlines). Blank lines are skipped (see {@link JsonLines}). The pivot is English
 * ({@code eng_Latn}, {@code eng}, {@code en}, {@code english}) when a view is written in it, else
 * the first key's language, unless named.
 */
final class JsonlReader {
    private JsonlReader() {
    }

    static Corpus read(Path file, ReadOptions options) {
        CorpusPaths.requireFile(file, CorpusFormat.JSONL, "one .jsonl file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = CorpusPaths.baseName(file).replaceFirst("\\.jsonl$", "");
        return parse(bytes, file.toString(), name, options);
    }

    /** Reads JSON Lines from bytes; {@code source} names them in messages, {@code name} is the corpus name. */
    static Corpus parse(byte[] bytes, String source, String name, ReadOptions options) {
        options.requireNoSplit(CorpusFormat.JSONL);
        List<JsonLines.Line> lines = JsonLines.parse(TextLines.split(bytes, source), source);
        if (lines.isEmpty()) {
            throw new BadInputException(source + " holds no JSON objects");
        }
        JsonLines.Line first = lines.get(0);
        List<String> keys = new ArrayList<>();
        first.object().fieldNames().forEachRemaining(keys::add);
        if (keys.isEmpty()) {
            throw new BadInputException(source + ", line " + first.number() + ": the object has no keys (view names)");
        }
        Map<String, ViewName> parsed = new LinkedHashMap<>();
        for (String key : keys) {
            try {
                parsed.put(key, ViewName.parse(key));
            } catch (BadInputException e) {
                throw new BadInputException(source + ", line " + first.number() + ": " + e.getMessage(), e);
            }
        }
        Set<String> languages = new LinkedHashSet<>();
        parsed.values().forEach(v -> languages.add(v.language()));
        String pivot = PivotChoice.choose(languages, options.pivot(), parsed.get(keys.get(0)).language(), source);
        Set<String> owners = new TreeSet<>();
        parsed.values().forEach(v -> owners.add(v.owner()));
        Set<String> keep = new TreeSet<>(LanguageSelection.select(owners, pivot, options.langs(), source));
        keep.add(pivot);

        List<String> kept = keys.stream().filter(k -> keep.contains(parsed.get(k).owner())).toList();
        Map<String, List<String>> texts = new LinkedHashMap<>();
        kept.forEach(k -> texts.put(k, new ArrayList<>(lines.size())));
        Set<String> expected = new LinkedHashSet<>(keys);
        int limit = options.limit() == 0 ? Integer.MAX_VALUE : options.limit();
        int items = 0;
        for (JsonLines.Line line : lines) {
            requireKeys(line, expected, first.number(), source);
            // Every line is checked for its keys, but only the first `limit` give texts.
            if (items++ >= limit) {
                continue;
            }
            for (String key : kept) {
                JsonNode value = line.object().get(key);
                String where = source + ", line " + line.number() + ", key \"" + key + "\"";
                if (!value.isTextual()) {
                    throw new BadInputException(where + ": the text must be a JSON string, found "
                            + value.getNodeType().toString().toLowerCase());
                }
                TextCheck.require(value.textValue(), where);
                texts.get(key).add(value.textValue());
            }
        }
        List<View> views = new ArrayList<>();
        texts.forEach((k, t) -> views.add(new View(k, t)));
        return new Corpus(name, pivot, views, Map.of());
    }

    private static void requireKeys(JsonLines.Line line, Set<String> expected, int firstLine, String source) {
        Set<String> actual = new LinkedHashSet<>();
        Iterator<String> names = line.object().fieldNames();
        names.forEachRemaining(actual::add);
        if (actual.equals(expected)) {
            return;
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        throw new BadInputException(source + ", line " + line.number() + ": every line must hold the keys of line "
                + firstLine + "; " + (missing.isEmpty() ? "" : "missing " + missing + (extra.isEmpty() ? "" : ", "))
                + (extra.isEmpty() ? "" : "unexpected " + extra));
    }
}
