package org.babelscope.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.babelscope.BadInputException;
import org.babelscope.corpus.XcopaText.Relation;

/**
 * The files of the XCOPA repository ({@code data/<lang>/<split>.<lang>.jsonl} and the English
 * {@code data-gmt/<lang>/...}), read and checked, for {@link XcopaReader} (alignment views) and
 * the task loader of {@code org.babelscope.eval.task} (scoring requests).
 *
 * <p>The question (cause or effect) is a property of the item, the same in every language, but the
 * published files disagree: against the other languages, th's field is "effect" on all 250
 * cause items of the test split, and tr, sw, id and it differ on 51, 37, 4 and 4 items (the
 * data-gmt files copy their language's field). {@link #majorityQuestions} gives each item the
 * majority question over all languages under {@code data/} for the split (in the published data,
 * always at least 7 of 11, and always the question of et, ht, qu, ta, vi and zh); a tie keeps the
 * language's own field.
 */
public final class XcopaFiles {
    /** One line of an XCOPA file (label 0 = choice1). */
    public record Item(String premise, String choice1, String choice2, String question, int label, int idx) {
    }

    private XcopaFiles() {
    }

    /** {@code <base>/<lang>/<split>.<lang>.jsonl}. */
    public static Path file(Path base, String lang, String split) {
        return base.resolve(lang).resolve(split + "." + lang + ".jsonl");
    }

    /** Every language folder under {@code base} that has the split, by language. */
    public static Map<String, List<Item>> readAll(Path base, String split) {
        Map<String, List<Item>> result = new TreeMap<>();
        try (var dirs = Files.list(base)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String lang = dir.getFileName().toString();
                Path f = file(base, lang, split);
                if (Files.isRegularFile(f)) {
                    result.put(lang, readItems(f));
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + base + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** The items of one file, each field checked; errors name the file and 1-based line. */
    public static List<Item> readItems(Path file) {
        List<Item> items = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.parse(TextLines.read(file), file.toString())) {
            String where = file + ", line " + line.number();
            int label = integer(line.object().get("label"), "label", where);
            if (label != 0 && label != 1) {
                throw new BadInputException(where + ": label must be 0 or 1, not " + label);
            }
            String question = text(line.object().get("question"), "question", where);
            Relation.parse(question);
            items.add(new Item(text(line.object().get("premise"), "premise", where),
                    text(line.object().get("choice1"), "choice1", where),
                    text(line.object().get("choice2"), "choice2", where),
                    question, label, integer(line.object().get("idx"), "idx", where)));
        }
        return items;
    }

    private static String text(JsonNode node, String field, String where) {
        if (node == null || !node.isTextual()) {
            throw new BadInputException(where + ": field \"" + field + "\" must be a string");
        }
        TextCheck.require(node.textValue(), where + ", field " + field);
        return node.textValue();
    }

    private static int integer(JsonNode node, String field, String where) {
        if (node == null || !node.canConvertToExactIntegral() || !node.canConvertToInt()) {
            throw new BadInputException(where + ": field \"" + field + "\" must be an integer");
        }
        return node.intValue();
    }

    /**
     * The question of each item by majority over all languages in {@code byLang} (every language
     * under {@code data/} for the split, selected or not); {@code null} where the vote is tied, in
     * which case each language keeps its own field. See the class comment for why.
     */
    public static List<Relation> majorityQuestions(Map<String, List<Item>> byLang, Path root, String split) {
        var first = byLang.entrySet().iterator().next();
        int n = first.getValue().size();
        for (var e : byLang.entrySet()) {
            if (e.getValue().size() != n) {
                throw new BadInputException("XCOPA " + split + " files disagree on the number of items: "
                        + file(root.resolve("data"), first.getKey(), split) + " has " + n + ", "
                        + file(root.resolve("data"), e.getKey(), split) + " has " + e.getValue().size());
            }
        }
        List<Relation> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int causes = 0;
            for (List<Item> items : byLang.values()) {
                causes += Relation.parse(items.get(i).question()) == Relation.CAUSE ? 1 : 0;
            }
            int effects = byLang.size() - causes;
            result.add(causes > effects ? Relation.CAUSE : effects > causes ? Relation.EFFECT : null);
        }
        return result;
    }

    /** The English side must hold the same items (idx and label) in the same order. */
    public static void requireSameItems(List<Item> own, List<Item> english, Path ownFile, Path englishFile) {
        if (own.size() != english.size()) {
            throw new BadInputException(englishFile + " has " + english.size() + " items but " + ownFile + " has "
                    + own.size() + "; the English side must hold the same items");
        }
        for (int i = 0; i < own.size(); i++) {
            Item a = own.get(i);
            Item b = english.get(i);
            if (a.idx() != b.idx() || a.label() != b.label()) {
                throw new BadInputException("item " + (i + 1) + " differs between " + ownFile + " (idx " + a.idx()
                        + ", label " + a.label() + ") and " + englishFile + " (idx " + b.idx() + ", label "
                        + b.label() + "); the English side must hold the same items in the same order");
            }
        }
    }
}
