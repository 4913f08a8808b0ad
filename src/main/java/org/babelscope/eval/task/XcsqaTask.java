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

/**
 * X-CSQA as the CALM repository ships it: {@code test/x_csqa_<l>_test.json}, a JSON array of
 * {instruction, input, output}, where input is the question with options "A. …" to "E. …" on
 * their own lines and ends with the language's answer marker ("Answer:", "Antwort:", "答案:"), and
 * output is the gold letter. The context is the input alone (the instruction asks for a generated
 * explanation; here the option letters are scored by log-likelihood), the choices " A" … " E".
 *
 * <p>Few-shot examples come from {@code samples/x_csqa_<l>_train_sampled.json} (training
 * questions with their gold letter in output) when it exists. Their inputs are not laid out like
 * the test inputs (en, fr and cn lack the question and answer markers; de and it carry an extra
 * English "Answer:" line), so each is rewritten into the test file's layout: the question marker
 * the test inputs all begin with ("Question: ", "Frage: ", "问题:") + the question and its options
 * + the answer line the test inputs all end with ("\nAnswer:", "\n\nAntwort:"). Without a samples
 * file, the examples are the other test items.
 */
final class XcsqaTask {
    private static final Pattern TEST = Pattern.compile("x_csqa_(.+)_test\\.json");
    private static final Pattern OPTION = Pattern.compile("(?m)^([A-Z])\\. ");
    private static final Pattern MARKER = Pattern.compile("^[^\\n:]*:[ \\t]?");
    private static final Pattern ANSWER_LINE = Pattern.compile("\\n+[^\\n]*$");

    /** The layout all test inputs of a language share: text before the question, and the answer line. */
    private record Layout(String questionMarker, String answerLine) {
    }

    private XcsqaTask() {
    }

    static TaskSet load(Path root, List<String> langs, int shots, long seed) {
        Path testDir = root.resolve("test");
        if (!Files.isDirectory(testDir)) {
            throw new BadInputException("no test/ folder in " + root + "; the xcsqa task reads the X-CSQA folder "
                    + "(test/x_csqa_<l>_test.json, and samples/x_csqa_<l>_train_sampled.json for shots)");
        }
        Map<String, Path> files = new TreeMap<>();
        try (var s = Files.list(testDir)) {
            for (Path p : s.toList()) {
                Matcher m = TEST.matcher(p.getFileName().toString());
                if (m.matches()) {
                    files.put(m.group(1), p);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + testDir + ": " + e.getMessage(), e);
        }
        List<String> selected = Langs.select(files.keySet(), langs, "X-CSQA at " + root + " (test/x_csqa_<l>_test.json)");
        Map<String, List<ChoiceItem>> result = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        notes.add("xcsqa: context = the test item's input (question, options A-E, answer marker), without the "
                + "instruction; choices \" A\"..\" E\" scored by log-likelihood; gold = the output letter");
        for (String lang : selected) {
            Path file = files.get(lang);
            List<Doc> docs = read(file, null);
            List<Doc> pool = docs;
            boolean samePool = true;
            Path samples = root.resolve("samples").resolve("x_csqa_" + lang + "_train_sampled.json");
            if (shots > 0) {
                if (Files.isRegularFile(samples)) {
                    pool = read(samples, layout(docs, file));
                    samePool = false;
                    notes.add("xcsqa " + lang + ": " + shots + " shots per item from " + samples.getFileName()
                            + " (training questions, gold = output), rewritten into the test inputs' layout, drawn "
                            + "with java.util.Random(" + seed + ") consumed item by item");
                } else {
                    notes.add("xcsqa " + lang + ": no " + samples.getFileName() + "; " + shots + " shots per item "
                            + "from the other test items, drawn with java.util.Random(" + seed + ") consumed item by item");
                }
            }
            List<List<Doc>> drawn = Shots.random(docs, pool, samePool, shots, seed, samePool ? file.toString()
                    : samples.toString());
            List<ChoiceItem> out = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                out.add(Prompts.request(docs.get(i), lang, drawn.get(i)));
            }
            result.put(lang, out);
        }
        if (shots == 0) {
            notes.add("xcsqa: 0 shots");
        }
        return new TaskSet(TaskName.XCSQA, result, Map.of(), notes);
    }

    /**
     * The items of a test file ({@code layout == null}: input used as it is) or of a samples file
     * (input rewritten into {@code layout}).
     */
    private static List<Doc> read(Path file, Layout layout) {
        List<Doc> docs = new ArrayList<>();
        for (JsonArrays.Element e : JsonArrays.read(file)) {
            String where = file + ", line " + e.line();
            String input = Fields.nonBlank(e.object(), "input", where);
            String output = Fields.text(e.object(), "output", where).strip();
            List<String> letters = new ArrayList<>();
            Matcher m = OPTION.matcher(input);
            while (m.find()) {
                letters.add(m.group(1));
            }
            for (int k = 0; k < letters.size(); k++) {
                if (!letters.get(k).equals(String.valueOf((char) ('A' + k)))) {
                    letters = letters.subList(0, k);
                    break;
                }
            }
            if (letters.size() < 2) {
                throw new BadInputException(where + ": input has no options \"A. …\", \"B. …\" on lines of their own");
            }
            int gold = letters.indexOf(output);
            if (gold < 0) {
                throw new BadInputException(where + ": output must be one of the option letters " + letters + ", not \""
                        + output + "\"");
            }
            String context = layout == null ? input : rewrite(input, layout, where);
            List<String> choices = letters.stream().map(l -> Prompts.TARGET_DELIMITER + l).toList();
            docs.add(new Doc(String.valueOf(docs.size()), docs.size(), context, choices, gold, where));
        }
        return docs;
    }

    private static Layout layout(List<Doc> test, Path file) {
        String marker = null;
        String answer = null;
        for (Doc d : test) {
            Matcher q = MARKER.matcher(d.context());
            Matcher a = ANSWER_LINE.matcher(d.context());
            String thisMarker = q.find() ? q.group() : "";
            String thisAnswer = a.find() ? a.group() : "";
            if (marker == null) {
                marker = thisMarker;
                answer = thisAnswer;
            } else if (!marker.equals(thisMarker) || !answer.equals(thisAnswer)) {
                throw new BadInputException(d.where() + ": the test inputs of " + file + " do not share one layout (\""
                        + marker + "\" … \"" + answer + "\" vs \"" + thisMarker + "\" … \"" + thisAnswer
                        + "\"), so the samples cannot be rewritten into it; use 0 shots");
            }
        }
        return new Layout(marker, answer);
    }

    private static String rewrite(String input, Layout layout, String where) {
        String body = input.strip();
        String answerWord = layout.answerLine().strip();
        if (!answerWord.isEmpty() && body.endsWith(answerWord)) {
            body = body.substring(0, body.length() - answerWord.length()).stripTrailing();
        }
        if (body.endsWith("Answer:")) {
            body = body.substring(0, body.length() - "Answer:".length()).stripTrailing();
        }
        String marker = layout.questionMarker();
        if (!marker.isEmpty() && body.startsWith(marker.strip())) {
            body = body.substring(marker.strip().length()).strip();
        }
        String lastLine = body.substring(body.lastIndexOf('\n') + 1);
        if (!OPTION.matcher(lastLine).lookingAt()) {
            throw new BadInputException(where + ": after its answer marker is removed, the input should end with its "
                    + "last option line, but ends with \"" + lastLine + "\"");
        }
        return marker + body + layout.answerLine();
    }
}
