package org.babelscope.eval.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.babelscope.BadInputException;
import org.babelscope.corpus.JsonLines;
import org.babelscope.corpus.TextLines;

/**
 * Belebele, from either the official files ({@code <dialect>.jsonl}: flores_passage, question,
 * mc_answer1..4, correct_answer_num "1".."4") or option files ({@link OptionFiles}).
 *
 * <p>Template of lm-evaluation-harness's {@code belebele_<dialect>}
 * ({@code lm_eval/tasks/belebele/_default_template_yaml}): {@code "P: " + passage + "\nQ: " +
 * question.strip() + "\nA: " + a1 + "\nB: " + a2 + "\nC: " + a3 + "\nD: " + a4 + "\nAnswer："},
 * choices " A", " B", " C", " D". The colon after "Answer" is the full-width U+FF1A, as in the
 * harness (it came with the paper's prompt). Few-shot examples as the harness takes them:
 * {@code fewshot_config: sampler: first_n} from the test split itself (the only split), i.e. the
 * first items of the same file, skipping the item itself; the seed plays no part.
 */
final class BelebeleTask {
    static final String ANSWER = "\nAnswer\uFF1A";
    private static final List<String> CHOICES = List.of(" A", " B", " C", " D");

    private BelebeleTask() {
    }

    static TaskSet load(Path dir, List<String> langs, int shots) {
        Map<String, Path> jsonl = jsonlFiles(dir);
        boolean options = OptionFiles.present(dir);
        if (!jsonl.isEmpty() && options) {
            throw new BadInputException(dir + " holds both Belebele .jsonl files and option files "
                    + "(<lang>_choice<k>.txt); keep one kind per folder");
        }
        if (options) {
            return OptionTask.load(TaskName.BELEBELE, dir, langs, shots);
        }
        if (jsonl.isEmpty()) {
            throw new BadInputException("no Belebele files in " + dir + "; expected the official <dialect>.jsonl "
                    + "files or option files <lang>_choice<k>.txt");
        }
        List<String> selected = Langs.select(jsonl.keySet(), langs, "Belebele at " + dir);
        Map<String, List<ChoiceItem>> result = new LinkedHashMap<>();
        for (String lang : selected) {
            List<Doc> docs = read(jsonl.get(lang));
            List<List<Doc>> drawn = Shots.firstN(docs, docs, true, shots, jsonl.get(lang).toString());
            List<ChoiceItem> out = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                out.add(Prompts.request(docs.get(i), lang, drawn.get(i)));
            }
            result.put(lang, out);
        }
        List<String> notes = List.of(
                "belebele: lm-evaluation-harness template (lm_eval/tasks/belebele/_default_template_yaml): "
                        + "\"P: <passage>\\nQ: <question>\\nA: ..\\nB: ..\\nC: ..\\nD: ..\\nAnswer\uFF1A\" (full-width "
                        + "colon U+FF1A as in the harness), choices \" A\"..\" D\"",
                shots == 0 ? "belebele: 0 shots"
                        : "belebele: " + shots + " shots = the first " + shots + " items of the same file, skipping the "
                        + "item itself (harness fewshot sampler first_n on the test split); the seed is not used");
        return new TaskSet(TaskName.BELEBELE, result, Map.of(), notes);
    }

    private static Map<String, Path> jsonlFiles(Path dir) {
        Map<String, Path> files = new TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".jsonl") && Files.isRegularFile(p)) {
                    files.put(name.substring(0, name.length() - ".jsonl".length()), p);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    static List<Doc> read(Path file) {
        List<JsonLines.Line> lines = JsonLines.parse(TextLines.read(file), file.toString());
        if (lines.isEmpty()) {
            throw new BadInputException(file + " is empty; expected one Belebele item per line");
        }
        List<Doc> docs = new ArrayList<>(lines.size());
        for (JsonLines.Line line : lines) {
            String where = file + ", line " + line.number();
            JsonNode o = line.object();
            String passage = Fields.nonBlank(o, "flores_passage", where);
            String question = Fields.nonBlank(o, "question", where);
            String[] a = new String[4];
            for (int k = 0; k < 4; k++) {
                a[k] = Fields.text(o, "mc_answer" + (k + 1), where);
            }
            int gold = correct(o, where);
            String context = "P: " + passage + "\nQ: " + Prompts.strip(question) + "\nA: " + a[0] + "\nB: " + a[1]
                    + "\nC: " + a[2] + "\nD: " + a[3] + ANSWER;
            docs.add(new Doc(String.valueOf(docs.size()), docs.size(), context, CHOICES, gold, where));
        }
        return docs;
    }

    /** correct_answer_num: "1".."4" in the official files (a number 1..4 is accepted too), as 0..3. */
    private static int correct(JsonNode o, String where) {
        JsonNode node = o.get("correct_answer_num");
        if (node == null || node.isNull()) {
            throw new BadInputException(where + ": missing field \"correct_answer_num\"");
        }
        String value = node.isTextual() ? node.textValue().strip() : node.isIntegralNumber() ? node.asText() : null;
        if (value == null || !value.matches("[1-4]")) {
            throw new BadInputException(where + ": correct_answer_num must be \"1\", \"2\", \"3\" or \"4\", not " + node);
        }
        return Integer.parseInt(value) - 1;
    }
}
