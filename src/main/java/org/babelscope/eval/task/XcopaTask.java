package org.babelscope.eval.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.BadInputException;
import org.babelscope.corpus.XcopaFiles;
import org.babelscope.corpus.XcopaFiles.Item;
import org.babelscope.corpus.XcopaText.Relation;

/**
 * XCOPA in the XCOPA repository's layout ({@code data/<lang>/{test,val}.<lang>.jsonl}, and
 * {@code data-gmt/<lang>/…}, the same items machine-translated to English). The test split is
 * scored; few-shot examples come from the val split. Languages: each folder under {@code data/},
 * and {@code eng-<lang>} for the English side of each one that has a {@code data-gmt} folder (the
 * pivot's per-item correctness for alignment).
 *
 * <p>Prompt, as lm-evaluation-harness's {@code xcopa_<lang>} task builds it
 * ({@code lm_eval/tasks/xcopa/utils.py}): context = the premise, stripped, with its last character
 * (the period) dropped, + " " + the connective for the item's question; choices = each choice with
 * its first character lower-cased, after the target delimiter " ". The English side uses the
 * connectives of the harness's English COPA task ({@code lm_eval/tasks/super_glue/copa/utils.py}).
 * One deliberate difference: the harness drops the last character whatever it is, which cuts a
 * letter or vowel sign off the premises that end without a stop (most of th and ta, and of their
 * English sides); here it is dropped only when it is punctuation.
 * The question of each item is the majority over all languages ({@link XcopaFiles#majorityQuestions})
 * rather than the published field, which is wrong for many th, tr and sw items; this differs from
 * the harness, which reads the field as published.
 */
final class XcopaTask {
    /** lm_eval/tasks/xcopa/utils.py: {@code doc_to_text_<lang>}'s connector table, {cause, effect}. */
    private static final Map<String, String[]> CONNECTORS = Map.ofEntries(
            Map.entry("et", new String[] {"sest", "seetõttu"}),
            Map.entry("ht", new String[] {"poukisa", "donk sa"}),
            Map.entry("it", new String[] {"perché", "quindi"}),
            Map.entry("id", new String[] {"karena", "maka"}),
            Map.entry("qu", new String[] {"imataq", "chaymi"}),
            Map.entry("sw", new String[] {"kwa sababu", "kwa hiyo"}),
            Map.entry("zh", new String[] {"因为", "所以"}),
            Map.entry("ta", new String[] {"காரணமாக", "எனவே"}),
            Map.entry("th", new String[] {"เพราะ", "ดังนั้น"}),
            Map.entry("tr", new String[] {"çünkü", "bu yüzden"}),
            Map.entry("vi", new String[] {"bởi vì", "vì vậy"}));
    /** lm_eval/tasks/super_glue/copa/utils.py: {@code doc_to_text}'s connector, {cause, effect}. */
    private static final String[] ENGLISH = {"because", "therefore"};
    static final String ENGLISH_PREFIX = "eng-";

    private XcopaTask() {
    }

    /** @param split {@code test}, or {@code val} (then without shots: they are drawn from val) */
    static TaskSet load(Path root, List<String> langs, int shots, long seed, String split) {
        if (!split.equals("test") && !split.equals("val")) {
            throw new BadInputException("--split " + split + ": XCOPA has the splits test and val");
        }
        if (split.equals("val") && shots > 0) {
            throw new BadInputException("--split val scores the split that few-shot examples come from; use --shots 0");
        }
        Path data = root.resolve("data");
        if (!Files.isDirectory(data)) {
            throw new BadInputException("no data/ folder in " + root + "; the xcopa task reads the XCOPA repository "
                    + "layout (data/<lang>/{test,val}.<lang>.jsonl and data-gmt/<lang>/...)");
        }
        Map<String, List<Item>> test = XcopaFiles.readAll(data, split);
        if (test.isEmpty()) {
            throw new BadInputException("no data/<lang>/" + split + ".<lang>.jsonl files under " + root);
        }
        List<Relation> testQuestions = XcopaFiles.majorityQuestions(test, root, split);

        List<String> available = new ArrayList<>();
        for (String lang : test.keySet()) {
            available.add(lang);
            if (Files.isRegularFile(XcopaFiles.file(root.resolve("data-gmt"), lang, split))) {
                available.add(ENGLISH_PREFIX + lang);
            }
        }
        List<String> selected = Langs.select(available, langs, "XCOPA at " + root
                + " (eng-<lang> is the English side from data-gmt/)");

        Map<String, List<Item>> val = null;
        List<Relation> valQuestions = null;
        if (shots > 0) {
            val = XcopaFiles.readAll(data, "val");
            valQuestions = val.isEmpty() ? List.of() : XcopaFiles.majorityQuestions(val, root, "val");
        }

        Map<String, List<ChoiceItem>> result = new LinkedHashMap<>();
        int repaired = 0;
        List<String> noStop = new ArrayList<>();
        for (String lang : selected) {
            boolean english = lang.startsWith(ENGLISH_PREFIX);
            String base = english ? lang.substring(ENGLISH_PREFIX.length()) : lang;
            String[] connector = english ? ENGLISH : CONNECTORS.get(base);
            if (connector == null) {
                throw new BadInputException("XCOPA language " + base + " (" + data.resolve(base)
                        + ") has no connectives in lm-evaluation-harness's xcopa task; known: "
                        + String.join(", ", new java.util.TreeSet<>(CONNECTORS.keySet())));
            }
            Path testFile = XcopaFiles.file(root.resolve(english ? "data-gmt" : "data"), base, split);
            List<Item> items = english ? XcopaFiles.readItems(testFile) : test.get(base);
            if (english) {
                XcopaFiles.requireSameItems(test.get(base), items, XcopaFiles.file(data, base, split), testFile);
            }
            List<Doc> docs = docs(items, testQuestions, connector, testFile);
            repaired += changed(items, testQuestions);
            int n = withoutStop(items);
            if (n > 0) {
                noStop.add(lang + " " + n);
            }

            List<Doc> pool = List.of();
            if (shots > 0) {
                Path valFile = XcopaFiles.file(root.resolve(english ? "data-gmt" : "data"), base, "val");
                if (!Files.isRegularFile(valFile)) {
                    throw new BadInputException(shots + " shots asked for, but " + valFile
                            + " (the val split the examples come from) is missing");
                }
                List<Item> valItems = english ? XcopaFiles.readItems(valFile) : val.get(base);
                if (english && val.containsKey(base)) {
                    XcopaFiles.requireSameItems(val.get(base), valItems, XcopaFiles.file(data, base, "val"), valFile);
                }
                List<Relation> questions = valQuestions.size() == valItems.size() ? valQuestions
                        : java.util.Collections.nCopies(valItems.size(), null);
                pool = docs(valItems, questions, connector, valFile);
            }
            List<List<Doc>> drawn = Shots.random(docs, pool, false, shots, seed, "the val split of XCOPA " + lang);
            List<ChoiceItem> out = new ArrayList<>(docs.size());
            for (int i = 0; i < docs.size(); i++) {
                out.add(Prompts.request(docs.get(i), lang, drawn.get(i)));
            }
            result.put(lang, out);
        }

        List<String> notes = new ArrayList<>();
        notes.add("xcopa: lm-evaluation-harness template (lm_eval/tasks/xcopa/utils.py): context = premise without "
                + "its final punctuation + \" \" + connective (cause/effect); choices = \" \" + choice with its first "
                + "letter lower-cased; eng-<lang> (data-gmt/) uses the English COPA connectives \"because\"/"
                + "\"therefore\" (lm_eval/tasks/super_glue/copa/utils.py)");
        notes.add("xcopa: question (cause/effect) of each item = majority over all " + test.size()
                + " languages of the split, as XcopaReader does, since the published field is wrong for many th/tr/sw "
                + "items; " + repaired + " item(s) of the selected languages get the majority question instead of "
                + "their own field (the harness uses the field as published)");
        if (!noStop.isEmpty()) {
            notes.add("xcopa: premises ending without punctuation keep their last character (the harness drops it "
                    + "unconditionally, cutting a letter or vowel sign); test items affected: " + String.join(", ", noStop));
        }
        notes.add(shots == 0 ? "xcopa: 0 shots"
                : "xcopa: " + shots + " shots per item from the val split of the same language, drawn with "
                + "java.util.Random(" + seed + "), one generator per language consumed item by item");
        return new TaskSet(TaskName.XCOPA, result, Map.of(), notes);
    }

    private static List<Doc> docs(List<Item> items, List<Relation> majority, String[] connector, Path file) {
        List<Doc> docs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String where = file + ", item " + (i + 1) + " (idx " + item.idx() + ")";
            Relation relation = majority.get(i) != null ? majority.get(i) : Relation.parse(item.question());
            String premise = Prompts.strip(item.premise());
            if (premise.isEmpty() || item.choice1().isEmpty() || item.choice2().isEmpty()) {
                throw new BadInputException(where + ": premise, choice1 and choice2 must not be empty");
            }
            String context = (endsWithPunctuation(premise) ? Prompts.dropLast(premise) : premise) + " " + (relation == Relation.CAUSE ? connector[0] : connector[1]);
            List<String> choices = List.of(Prompts.TARGET_DELIMITER + Prompts.lowerFirst(item.choice1()),
                    Prompts.TARGET_DELIMITER + Prompts.lowerFirst(item.choice2()));
            docs.add(new Doc(String.valueOf(item.idx()), i, context, choices, item.label(), where));
        }
        return docs;
    }

    static boolean endsWithPunctuation(String s) {
        if (s.isEmpty()) {
            return false;
        }
        return switch (Character.getType(s.codePointBefore(s.length()))) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** Premises that end without punctuation: their last character is kept (the harness would cut it). */
    private static int withoutStop(List<Item> items) {
        int n = 0;
        for (Item item : items) {
            n += endsWithPunctuation(Prompts.strip(item.premise())) ? 0 : 1;
        }
        return n;
    }

    private static int changed(List<Item> items, List<Relation> majority) {
        int n = 0;
        for (int i = 0; i < items.size(); i++) {
            if (majority.get(i) != null && majority.get(i) != Relation.parse(items.get(i).question())) {
                n++;
            }
        }
        return n;
    }
}
