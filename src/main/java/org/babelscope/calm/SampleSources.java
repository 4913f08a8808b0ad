package org.babelscope.calm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.babelscope.BadInputException;
import org.babelscope.corpus.JsonLines;
import org.babelscope.corpus.TextLines;
import org.babelscope.eval.task.JsonArrays;

/**
 * Reads sampled answers in either of two layouts and lines the languages up question by question.
 *
 * <ul>
 *   <li>{@code LANG=FILE} with FILE a JSON array, as CALM releases them
 *       ({@code x_csqa_<l>_train_sampled.json}: {instruction, input, output = gold letter,
 *       pred = the sampled answers}); also a test file, without pred, for {@code calm sample};
 *   <li>{@code FILE} or {@code LANG=FILE} with FILE the JSONL of {@code calm sample} (a line per
 *       language and question: {lang, item, gold, instruction, input, samples}); with LANG only
 *       that language's lines are taken.
 * </ul>
 *
 * Items are matched by position; every language must have the same items with the same gold
 * letters, or the files are not parallel and the input is refused. Files are read as babelscope's
 * other inputs ({@link TextLines}: strict UTF-8, a byte order mark, CRLF; {@link JsonLines}: one
 * object per line; {@link JsonArrays}, as eval's xcsqa task reads the same files; no duplicate
 * keys).
 */
public final class SampleSources {
    /** The languages in order and the questions, each in all of them. */
    public record Loaded(List<String> languages, List<CalmQuestion> questions) {
    }

    private record Entry(int item, String gold, LanguageSamples samples) {
    }

    private SampleSources() {
    }

    /**
     * @param specs            the --samples values
     * @param langs            the languages to keep, in this order (empty: all, in the order read)
     * @param requireResponses whether every question needs at least one sampled answer
     */
    public static Loaded read(List<String> specs, List<String> langs, boolean requireResponses) {
        Map<String, List<Entry>> byLanguage = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            boolean named = eq > 0 && !spec.substring(0, eq).contains("/");
            String lang = named ? spec.substring(0, eq).strip() : null;
            Path file = Path.of(named ? spec.substring(eq + 1) : spec);
            readFile(file, lang).forEach((label, entries) -> {
                if (byLanguage.keySet().stream().anyMatch(l -> CalmLanguages.same(l, label))) {
                    throw new BadInputException("language " + label + " is given twice in --samples (cn and zh are one language)");
                }
                byLanguage.put(label, entries);
            });
        }
        List<String> order = select(byLanguage.keySet().stream().toList(), langs);
        List<CalmQuestion> questions = align(order, byLanguage);
        if (requireResponses) {
            for (CalmQuestion q : questions) {
                q.byLanguage().forEach((lang, s) -> {
                    if (s.responses().isEmpty()) {
                        throw new BadInputException(lang + ", item " + q.item() + ": no sampled answers (pred / samples)");
                    }
                });
            }
        }
        return new Loaded(order, questions);
    }

    private static Map<String, List<Entry>> readFile(Path file, String lang) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no such file: " + file);
        }
        List<String> lines = TextLines.read(file);
        boolean array = lines.stream().filter(l -> !l.isBlank()).findFirst().map(l -> l.strip().startsWith("["))
                .orElse(false);
        if (array) {
            if (lang == null) {
                throw new BadInputException(file + " is a JSON array (CALM's released layout): say its language, LANG="
                        + file);
            }
            return Map.of(lang, readArray(JsonArrays.parse(lines, file.toString()), file));
        }
        return readLines(file, JsonLines.parse(lines, file.toString()), lang);
    }

    private static List<Entry> readArray(List<JsonArrays.Element> items, Path file) {
        List<Entry> entries = new ArrayList<>();
        for (JsonArrays.Element element : items) {
            JsonNode item = element.object();
            String where = file + ", item " + entries.size() + " (line " + element.line() + ")";
            entries.add(new Entry(entries.size(), optionalText(item, "output"),
                    samples(item, "pred", where)));
        }
        return entries;
    }

    private static Map<String, List<Entry>> readLines(Path file, List<JsonLines.Line> lines, String onlyLang) {
        Map<String, List<Entry>> result = new LinkedHashMap<>();
        for (JsonLines.Line jsonLine : lines) {
            String where = file + ", line " + jsonLine.number();
            JsonNode line = jsonLine.object();
            String lang = requiredText(line, "lang", where);
            if (onlyLang != null && !CalmLanguages.same(lang, onlyLang)) {
                continue;
            }
            if (!line.path("item").canConvertToInt()) {
                throw new BadInputException(where + ": no integer \"item\"");
            }
            result.computeIfAbsent(onlyLang != null ? onlyLang : lang, l -> new ArrayList<>())
                    .add(new Entry(line.get("item").asInt(), optionalText(line, "gold"), samples(line, "samples", where)));
        }
        if (result.isEmpty()) {
            throw new BadInputException(file + " holds no sample lines" + (onlyLang == null ? "" : " for " + onlyLang));
        }
        result.forEach((lang, entries) -> {
            entries.sort(Comparator.comparingInt(Entry::item));
            for (int i = 1; i < entries.size(); i++) {
                if (entries.get(i).item() == entries.get(i - 1).item()) {
                    throw new BadInputException(file + ": item " + entries.get(i).item() + " of " + lang + " appears twice");
                }
            }
        });
        return result;
    }

    private static List<String> select(List<String> available, List<String> langs) {
        if (langs.isEmpty()) {
            return available;
        }
        List<String> order = new ArrayList<>();
        for (String wanted : langs) {
            String label = available.stream().filter(l -> CalmLanguages.same(l, wanted)).findFirst()
                    .orElseThrow(() -> new BadInputException("unknown language " + wanted + ": not in --samples (have "
                            + String.join(", ", available) + ")"));
            if (!order.contains(label)) {
                order.add(label);
            }
        }
        return order;
    }

    private static List<CalmQuestion> align(List<String> order, Map<String, List<Entry>> byLanguage) {
        String first = order.get(0);
        List<Entry> reference = byLanguage.get(first);
        for (String lang : order) {
            List<Entry> entries = byLanguage.get(lang);
            if (entries.size() != reference.size()) {
                throw new BadInputException("the samples are not parallel: " + first + " has " + reference.size()
                        + " items, " + lang + " has " + entries.size());
            }
            for (int i = 0; i < entries.size(); i++) {
                Entry a = reference.get(i);
                Entry b = entries.get(i);
                if (a.item() != b.item() || !Objects.equals(a.gold(), b.gold())) {
                    throw new BadInputException("the samples are not parallel at position " + i + ": " + first
                            + " has item " + a.item() + " gold " + a.gold() + ", " + lang + " has item " + b.item()
                            + " gold " + b.gold());
                }
            }
        }
        List<CalmQuestion> questions = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            Map<String, LanguageSamples> copies = new LinkedHashMap<>();
            for (String lang : order) {
                copies.put(lang, byLanguage.get(lang).get(i).samples());
            }
            questions.add(new CalmQuestion(reference.get(i).item(), reference.get(i).gold(), copies));
        }
        return questions;
    }

    private static LanguageSamples samples(JsonNode item, String responsesField, String where) {
        List<String> responses = new ArrayList<>();
        JsonNode r = item.path(responsesField);
        if (!r.isMissingNode() && !r.isArray()) {
            throw new BadInputException(where + ": \"" + responsesField + "\" must be a list of strings");
        }
        r.forEach(x -> responses.add(x.asText()));
        return new LanguageSamples(requiredText(item, "instruction", where), requiredText(item, "input", where), responses);
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isTextual()) {
            throw new BadInputException(where + ": no text field \"" + field + "\"");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText().strip() : null;
    }
}
