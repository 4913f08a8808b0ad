package org.babelscope.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.babelscope.BadInputException;
import org.babelscope.corpus.XcopaFiles.Item;
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
 * <p>The question (cause or effect) of each item is the majority over all languages, since the
 * published field is wrong for many th, tr and sw items ({@link XcopaFiles#majorityQuestions}).
 */
final class XcopaReader {
    static final List<String> SPLITS = List.of("test", "val");
    private static final String ENGLISH = "eng";

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
        Map<String, List<Item>> own = XcopaFiles.readAll(root.resolve("data"), split);
        if (own.isEmpty()) {
            throw new BadInputException("no data/<lang>/" + split + ".<lang>.jsonl files under " + root);
        }
        List<Relation> questions = XcopaFiles.majorityQuestions(own, root, split);

        TreeSet<String> withEnglish = new TreeSet<>();
        for (String lang : own.keySet()) {
            if (Files.isRegularFile(XcopaFiles.file(root.resolve("data-gmt"), lang, split))) {
                withEnglish.add(lang);
            }
        }
        for (String lang : options.langs()) {
            if (own.containsKey(lang) && !withEnglish.contains(lang)) {
                throw new BadInputException("XCOPA language " + lang + " has no English side ("
                        + XcopaFiles.file(root.resolve("data-gmt"), lang, split) + " is missing), so nothing to align it with; "
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
            Path englishFile = XcopaFiles.file(root.resolve("data-gmt"), lang, split);
            List<Item> english = XcopaFiles.readItems(englishFile);
            XcopaFiles.requireSameItems(items, english, XcopaFiles.file(root.resolve("data"), lang, split), englishFile);
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
