package org.babelscope.eval.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.babelscope.BadInputException;
import org.babelscope.corpus.TextLines;

/**
 * XStoryCloze, from either of two folders, told apart by their files:
 * <ul>
 *   <li>the original release: {@code spring2016.val.<lang>.tsv.split_20_80_{train,eval}.tsv},
 *       tab-separated with a header (InputStoryid, InputSentence1..4, RandomFifthSentenceQuiz1,
 *       RandomFifthSentenceQuiz2, AnswerRightEnding = 1 or 2). The eval split is scored, shots
 *       come from train. Template of lm-evaluation-harness's {@code xstorycloze_<lang>}
 *       ({@code lm_eval/tasks/xstorycloze/default_<lang>.yaml}): context = the four sentences
 *       joined by " ", choices = " " + each ending;</li>
 *   <li>option files {@code <language>_choice<k>.txt} ({@link OptionFiles}): no gold labels, so
 *       no shots.</li>
 * </ul>
 */
final class XStoryClozeTask {
    private static final Pattern RELEASE = Pattern.compile("spring2016\\.val\\.(.+)\\.tsv\\.split_20_80_(train|eval)\\.tsv");
    private static final List<String> COLUMNS = List.of("InputStoryid", "InputSentence1", "InputSentence2",
            "InputSentence3", "InputSentence4", "RandomFifthSentenceQuiz1", "RandomFifthSentenceQuiz2",
            "AnswerRightEnding");

    private XStoryClozeTask() {
    }

    static TaskSet load(Path dir, List<String> langs, int shots, long seed) {
        Map<String, Path> eval = release(dir, "eval");
        boolean options = OptionFiles.present(dir);
        if (!eval.isEmpty() && options) {
            throw new BadInputException(dir + " holds both XStoryCloze release files (spring2016.val.<lang>.tsv."
                    + "split_20_80_eval.tsv) and option files (<language>_choice<k>.txt); keep one kind per folder");
        }
        if (options) {
            return OptionTask.load(TaskName.XSTORYCLOZE, dir, langs, shots);
        }
        if (eval.isEmpty()) {
            throw new BadInputException("no XStoryCloze files in " + dir + "; expected the release's "
                    + "spring2016.val.<lang>.tsv.split_20_80_eval.tsv (and _train.tsv for shots) or option files "
                    + "<language>_choice<k>.txt");
        }
        Map<String, Path> train = release(dir, "train");
        List<String> selected = Langs.select(eval.keySet(), langs, "XStoryCloze at " + dir);
        Map<String, List<ChoiceItem>> result = new LinkedHashMap<>();
        for (String lang : selected) {
            List<Doc> docs = read(eval.get(lang));
            List<Doc> pool = List.of();
            if (shots > 0) {
                Path t = train.get(lang);
                if (t == null) {
                    throw new BadInputException(shots + " shots asked for, but " + dir.resolve("spring2016.val." + lang
                            + ".tsv.split_20_80_train.tsv") + " (the split the examples come from) is missing");
                }
                pool = read(t);
            }
            List<List<Doc>> drawn = Shots.random(docs, pool, false, shots, seed, "the train split of " + lang);
            List<ChoiceItem> out = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                out.add(Prompts.request(docs.get(i), lang, drawn.get(i)));
            }
            result.put(lang, out);
        }
        List<String> notes = List.of(
                "xstorycloze: release files; lm-evaluation-harness template (lm_eval/tasks/xstorycloze/default_<lang>"
                        + ".yaml): context = the four sentences joined by \" \", choices = \" \" + each ending; "
                        + "split_20_80_eval scored",
                shots == 0 ? "xstorycloze: 0 shots"
                        : "xstorycloze: " + shots + " shots per item from split_20_80_train of the same language, drawn "
                        + "with java.util.Random(" + seed + "), one generator per language consumed item by item");
        return new TaskSet(TaskName.XSTORYCLOZE, result, Map.of(), notes);
    }

    private static Map<String, Path> release(Path dir, String split) {
        Map<String, Path> files = new TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = RELEASE.matcher(p.getFileName().toString());
                if (m.matches() && m.group(2).equals(split)) {
                    files.put(m.group(1), p);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    static List<Doc> read(Path file) {
        List<String> lines = TextLines.read(file);
        if (lines.isEmpty()) {
            throw new BadInputException(file + " is empty; expected a header line and one story per line");
        }
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int[] at = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            at[c] = header.indexOf(COLUMNS.get(c));
            if (at[c] < 0) {
                throw new BadInputException(file + ", line 1: header has no column " + COLUMNS.get(c) + "; expected "
                        + String.join(", ", COLUMNS) + " (tab-separated)");
            }
        }
        List<Doc> docs = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String where = file + ", line " + (n + 1);
            String[] f = lines.get(n).split("\t", -1);
            if (f.length != header.size()) {
                throw new BadInputException(where + ": expected " + header.size() + " tab-separated fields, found "
                        + f.length);
            }
            for (int c = 0; c < COLUMNS.size(); c++) {
                if (Prompts.strip(f[at[c]]).isEmpty()) {
                    throw new BadInputException(where + ": field " + COLUMNS.get(c) + " is empty");
                }
            }
            String answer = f[at[7]].strip();
            if (!answer.equals("1") && !answer.equals("2")) {
                throw new BadInputException(where + ": AnswerRightEnding must be 1 or 2, not \"" + answer + "\"");
            }
            String context = String.join(" ", f[at[1]], f[at[2]], f[at[3]], f[at[4]]);
            List<String> choices = List.of(Prompts.TARGET_DELIMITER + f[at[5]], Prompts.TARGET_DELIMITER + f[at[6]]);
            docs.add(new Doc(f[at[0]], docs.size(), context, choices, Integer.parseInt(answer) - 1, where));
        }
        if (docs.isEmpty()) {
            throw new BadInputException(file + " has a header but no stories");
        }
        return docs;
    }
}
