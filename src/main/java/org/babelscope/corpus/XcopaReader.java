package org.babelscope.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.babelscope.BadInputException;
import org.babelscope.corpus.XcopaText.Relation;

/**
 * XCOPA as its repository lays it out: {@code data/<lang>/<split>.<lang>.jsonl} (fields premise,
 * choice1, choice2, question, label, idx) and {@code data-gmt/<lang>/<split>.<lang>.jsonl}, the
 * same items machine-translated to English. Split {@code test} (500 items) by default, or
 * {@code val} (100).
 *
 * <p>Views, per selected language L: {@code eng-L.opt1}, {@code eng-L.opt2} (the English side
 * of L's items, choice 1 and 2) and {@code L.opt1}, {@code L.opt2}; the text of an option is
 * premise + connective + choice ({@link XcopaText}), the English side with the English
 * connectives. The pivot language is {@code eng}, paired per language (see {@link Corpus}), as
 * each language has its own English translation. Languages without a {@code data-gmt} side
 * (Quechua in the published data) have nothing to be compared with and are left out; naming one
 * in {@code --langs} is an error that says why. Gold labels (0 = choice1) come with the corpus,
 * per language.
 *
 * <p>The question (cause or effect) is a property of the item, the same in every language, but the
 * published files disagree: against the other languages, th's field is "effect" on all 250
 * cause items of the test split, and tr, sw, id and it differ on 51, 37, 4 and 4 items (the
 * data-gmt files copy their language's field). A wrong question gives the option the wrong
 * connective. So each item's question is the majority over all languages under {@code data/} for
 * the split, selected or not (in the published data, always at least 7 of 11, and always the
 * question of et, ht, qu, ta, vi and zh); a tie keeps the language's own field.
 */
final class XcopaReader {
    static final List<String> SPLITS = List.of("test", "val");
    private static final String ENGLISH = "eng";

    /** One line of an XCOPA file. */
    record Item(String premise, String choice1, String choice2, String question, int label, int idx) {
    }

    private XcopaReader() {
    }

    static Corpus read(Path root, ReadOptions options) {
        CorpusPaths.requireDirectory(root, CorpusFormat.XCOPA, "data/<lang>/ and data-gmt/<lang>/ folders");
        options.requireEnglishPivot(CorpusFormat.XCOPA, ENGLISH);
        requireLayout(root);
        String split = options.split() == null ? "test" : options.split();
        if (!SPLITS.contains(split)) {
            throw new BadInputException("XCOPA split must be " + String.join(" or ", SPLITS) + ", not " + split);
        }
        Map<String, List<Item>> own = readAll(root.resolve("data"), split);
        if (own.isEmpty()) {
            throw new BadInputException("no data/<lang>/" + split + ".<lang>.jsonl files under " + root);
        }
        List<Relation> questions = majorityQuestions(own, root, split);

        TreeSet<String> withEnglish = new TreeSet<>();
        for (String lang : own.keySet()) {
            if (Files.isRegularFile(file(root.resolve("data-gmt"), lang, split))) {
                withEnglish.add(lang);
            }
        }
        for (String lang : options.langs()) {
            if (own.containsKey(lang) && !withEnglish.contains(lang)) {
                throw new BadInputException("XCOPA language " + lang + " has no English side ("
                        + file(root.resolve("data-gmt"), lang, split) + " is missing), so nothing to align it with; "
                        + "languages with one: " + Names.sample(withEnglish));
            }
        }
        List<String> selected = LanguageSelection.select(withEnglish, ENGLISH, options.langs(), "XCOPA at " + root);
        if (selected.isEmpty()) {
            throw new BadInputException("no XCOPA language selected; choose among " + Names.sample(withEnglish));
        }

        List<View> views = new ArrayList<>();
        Map<String, List<Integer>> labels = new LinkedHashMap<>();
        for (String lang : selected) {
            List<Item> items = own.get(lang);
            Path englishFile = file(root.resolve("data-gmt"), lang, split);
            List<Item> english = readItems(englishFile);
            requireSameItems(items, english, file(root.resolve("data"), lang, split), englishFile);
            for (int k = 1; k <= 2; k++) {
                ViewName name = ViewName.option(lang, k);
                views.add(new View(name.pairedPivot(ENGLISH).toString(),
                        options.cut(sentences(XcopaText.ENGLISH, english, questions, k))));
            }
            for (int k = 1; k <= 2; k++) {
                views.add(new View(ViewName.option(lang, k).toString(), options.cut(sentences(lang, items, questions, k))));
            }
            labels.put(lang, options.cut(items.stream().map(Item::label).toList()));
        }
        return new Corpus(CorpusPaths.baseName(root) + "-" + split, ENGLISH, views, labels);
    }

    private static void requireLayout(Path root) {
        if (Files.isDirectory(root.resolve("data"))) {
            return;
        }
        Path parent = root.toAbsolutePath().normalize().getParent();
        if (parent != null && Files.isDirectory(parent.resolve("data-gmt"))) {
            throw new BadInputException(root + " is inside an XCOPA folder; give the folder that holds data/ and "
                    + "data-gmt/: " + parent);
        }
        throw new BadInputException("no data/ folder in " + root + "; --format xcopa reads the XCOPA repository "
                + "layout (data/<lang>/<split>.<lang>.jsonl, data-gmt/...)" + FormatGuess.hint(root, CorpusFormat.XCOPA));
    }

    private static Path file(Path base, String lang, String split) {
        return base.resolve(lang).resolve(split + "." + lang + ".jsonl");
    }

    /** Every language folder under {@code base} that has the split, by language. */
    private static Map<String, List<Item>> readAll(Path base, String split) {
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

    static List<Item> readItems(Path file) {
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

    /** The question of each item by majority over all languages; see the class comment. */
    private static List<Relation> majorityQuestions(Map<String, List<Item>> byLang, Path root, String split) {
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

    private static void requireSameItems(List<Item> own, List<Item> english, Path ownFile, Path englishFile) {
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

    /** The text of option {@code k} (1 or 2) of every item, in language {@code lang}. */
    private static List<String> sentences(String lang, List<Item> items, List<Relation> majority, int k) {
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Relation relation = majority.get(i) != null ? majority.get(i) : Relation.parse(item.question());
            texts.add(XcopaText.sentence(lang, item.premise(), relation, k == 1 ? item.choice1() : item.choice2()));
        }
        return texts;
    }
}
