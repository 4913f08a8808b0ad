package org.babelscope.eval.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.babelscope.BadInputException;
import org.babelscope.corpus.JsonLines;
import org.babelscope.corpus.TextCheck;
import org.babelscope.corpus.TextLines;
import org.babelscope.stats.LanguageKeys;

/**
 * A generic multiple-choice file: one JSON object per line,
 * {@code {"id": "...", "lang": "...", "premise": "...", "options": ["...", "..."], "label": 0}},
 * or a folder of such {@code *.jsonl} files (read in name order). {@code id} (string or integer)
 * is optional and defaults to the item's index; {@code label} (0-based) is optional and defaults
 * to -1 (no gold). The index of an item is its position among the lines of its language. Context
 * = premise, choices = " " + each option. Shots: drawn from the other labelled items of the same
 * language with {@code java.util.Random(seed)}, one generator per language consumed item by item.
 */
final class JsonlMcTask {
    private static final Set<String> KEYS = Set.of("id", "lang", "premise", "options", "label");

    private JsonlMcTask() {
    }

    static TaskSet load(Path data, List<String> langs, int shots, long seed) {
        List<Path> files = files(data);
        Map<String, List<Doc>> byLang = new LinkedHashMap<>();
        Map<String, Map<String, String>> ids = new HashMap<>();
        for (Path file : files) {
            List<JsonLines.Line> lines = JsonLines.parse(TextLines.read(file), file.toString());
            if (lines.isEmpty()) {
                throw new BadInputException(file + " is empty; expected one JSON object per line with fields "
                        + "lang, premise, options (and optional id, label)");
            }
            for (JsonLines.Line line : lines) {
                String where = file + ", line " + line.number();
                ObjectNode o = line.object();
                for (var it = o.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!KEYS.contains(key)) {
                        throw new BadInputException(where + ": unknown field \"" + key + "\"; the fields are id, lang, "
                                + "premise, options, label");
                    }
                }
                String lang = Fields.nonBlank(o, "lang", where).strip();
                if (!knownLanguage(lang)) {
                    throw new BadInputException(where + ": unknown language \"" + lang + "\"; \"lang\" must name a "
                            + "language: ISO 639-1 'de', ISO 639-3 'deu', FLORES-200 'deu_Latn', an English name, or "
                            + "eng-<lang> for the English side of <lang>");
                }
                String premise = Fields.text(o, "premise", where);
                List<String> options = options(o.get("options"), where);
                List<Doc> docs = byLang.computeIfAbsent(lang, l -> new ArrayList<>());
                int index = docs.size();
                int label = -1;
                if (o.hasNonNull("label")) {
                    label = Fields.integer(o, "label", where);
                    if (label < 0 || label >= options.size()) {
                        throw new BadInputException(where + ": label " + label + " is out of range; it must be 0.."
                                + (options.size() - 1) + " (0-based index into options)");
                    }
                }
                String id = id(o.get("id"), index, where);
                String previous = ids.computeIfAbsent(lang, l -> new HashMap<>()).putIfAbsent(id, where);
                if (previous != null) {
                    throw new BadInputException(where + ": id \"" + id + "\" of language " + lang + " is also at "
                            + previous);
                }
                List<String> choices = options.stream().map(s -> Prompts.TARGET_DELIMITER + s).toList();
                docs.add(new Doc(id, index, premise, choices, label, where));
            }
        }
        List<String> selected = Langs.select(byLang.keySet(), langs, "the jsonl-mc data at " + data);
        Map<String, List<ChoiceItem>> result = new LinkedHashMap<>();
        for (String lang : selected) {
            List<Doc> docs = byLang.get(lang);
            List<Doc> pool = shots == 0 ? docs : docs.stream().filter(d -> d.gold() >= 0).toList();
            List<List<Doc>> drawn = shots == 0 ? Shots.random(docs, docs, true, 0, seed, lang)
                    : drawLabelled(docs, pool, shots, seed, lang, data);
            List<ChoiceItem> out = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                out.add(Prompts.request(docs.get(i), lang, drawn.get(i)));
            }
            result.put(lang, out);
        }
        List<String> notes = List.of(
                "jsonl-mc: context = premise, choices = \" \" + each option; id defaults to the index, label to -1",
                shots == 0 ? "jsonl-mc: 0 shots"
                        : "jsonl-mc: " + shots + " shots per item drawn with java.util.Random(" + seed + ") from the other "
                        + "labelled items of the same language, one generator per language consumed item by item");
        return new TaskSet(TaskName.JSONL_MC, result, Map.of(), notes);
    }

    /** Shots from the labelled items only, never the item itself. */
    private static List<List<Doc>> drawLabelled(List<Doc> docs, List<Doc> pool, int shots, long seed, String lang,
            Path data) {
        if (pool.isEmpty()) {
            throw new BadInputException(shots + " shots asked for, but no item of language " + lang + " in " + data
                    + " has a label, and a few-shot example needs its right answer; use 0 shots");
        }
        // The pool holds the labelled items only; each item is keyed by its position in the pool
        // (-1 when unlabelled, so not in it), which Shots.random excludes from the item's draw.
        Map<Integer, Integer> poolPosition = new HashMap<>();
        List<Doc> renumbered = new ArrayList<>(pool.size());
        for (Doc d : pool) {
            poolPosition.put(d.index(), renumbered.size());
            renumbered.add(new Doc(d.id(), renumbered.size(), d.context(), d.continuations(), d.gold(), d.where()));
        }
        List<Doc> keyed = new ArrayList<>(docs.size());
        for (Doc d : docs) {
            keyed.add(new Doc(d.id(), poolPosition.getOrDefault(d.index(), -1), d.context(), d.continuations(), d.gold(),
                    d.where()));
        }
        String what = "the labelled items of language " + lang + " in " + data;
        return Shots.random(keyed, renumbered, true, shots, seed, what);
    }

    /** A language code as correlate reads it ({@link LanguageKeys#canonical}), or the English side eng-X of one. */
    static boolean knownLanguage(String lang) {
        return LanguageKeys.canonical(lang).isPresent()
                || LanguageKeys.pivotPartner(lang).flatMap(LanguageKeys::canonical).isPresent();
    }

    private static List<String> options(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            throw new BadInputException(where + ": missing field \"options\"");
        }
        if (!node.isArray() || node.size() < 2) {
            throw new BadInputException(where + ": field \"options\" must be an array of at least two strings");
        }
        List<String> options = new ArrayList<>(node.size());
        for (int k = 0; k < node.size(); k++) {
            JsonNode o = node.get(k);
            if (!o.isTextual()) {
                throw new BadInputException(where + ": options[" + k + "] must be a string, found "
                        + o.getNodeType().toString().toLowerCase());
            }
            TextCheck.require(o.textValue(), where + ", options[" + k + "]");
            options.add(o.textValue());
        }
        return options;
    }

    private static String id(JsonNode node, int index, String where) {
        if (node == null || node.isNull()) {
            return String.valueOf(index);
        }
        if (node.isTextual() && !node.textValue().isBlank()) {
            TextCheck.require(node.textValue(), where + ", field id");
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        throw new BadInputException(where + ": field \"id\" must be a non-empty string or an integer, found " + node);
    }

    private static List<Path> files(Path data) {
        if (Files.isRegularFile(data)) {
            return List.of(data);
        }
        TreeSet<Path> files = new TreeSet<>();
        try (var s = Files.list(data)) {
            s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p)).forEach(files::add);
        } catch (IOException e) {
            throw new BadInputException("cannot list " + data + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new BadInputException("no .jsonl files in " + data);
        }
        return new ArrayList<>(files);
    }
}
