package org.babelscope.eval.task;

import static org.babelscope.eval.task.TaskFiles.fails;
import static org.babelscope.eval.task.TaskFiles.write;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad task data: every error is a BadInputException naming the file and, where there is one, the line. */
class ValidationTest {
    @TempDir
    Path dir;

    private static final String OK = "{\"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", \"b\"], \"label\": 0}";

    private void jsonlFails(String badLine, String... parts) {
        Path file = write(dir.resolve("t.jsonl"), OK, OK.replace("\"P\"", "\"Q\""), badLine);
        String[] all = new String[parts.length + 1];
        all[0] = file + ", line 3";
        System.arraycopy(parts, 0, all, 1, parts.length);
        fails(() -> Tasks.load(TaskName.JSONL_MC, file, null, 0, 1), all);
    }

    @Test
    void jsonlMc() {
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", \"b\"]", "not valid JSON");
        jsonlFails("[1, 2]", "expected a JSON object");
        jsonlFails("{\"lang\": \"en\", \"options\": [\"a\", \"b\"]}", "missing field \"premise\"");
        jsonlFails("{\"premise\": \"P\", \"options\": [\"a\", \"b\"]}", "missing field \"lang\"");
        jsonlFails("{\"lang\": \"en\", \"premise\": 3, \"options\": [\"a\", \"b\"]}", "\"premise\" must be a string");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\", \"options\": \"a\"}", "\"options\" must be an array");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\"]}", "at least two");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", 2]}", "options[1] must be a string");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", \"b\"], \"label\": 2}", "label 2",
                "out of range", "0..1");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", \"b\"], \"label\": -1}", "out of range");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", \"b\"], \"label\": \"1\"}",
                "\"label\" must be an integer");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", \"b\"], \"lable\": 1}",
                "unknown field \"lable\"");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"P\\u0000\", \"options\": [\"a\", \"b\"]}", "NUL");
        jsonlFails("{\"lang\": \"en\", \"premise\": \"\\ud800\", \"options\": [\"a\", \"b\"]}", "surrogate");
        jsonlFails("{\"id\": \"1\", \"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", \"b\"]}", "id \"1\"",
                "also at", ", line 2");
        jsonlFails("{\"id\": [1], \"lang\": \"en\", \"premise\": \"P\", \"options\": [\"a\", \"b\"]}", "\"id\" must be");
    }

    @Test
    void jsonlMcEmptyFileAndUnknownLanguage() {
        Path empty = write(dir.resolve("empty.jsonl"));
        fails(() -> Tasks.load(TaskName.JSONL_MC, empty, null, 0, 1), empty + " is empty");
        Path file = write(dir.resolve("t.jsonl"), OK);
        fails(() -> Tasks.load(TaskName.JSONL_MC, file, List.of("fr"), 0, 1), "fr", "available: en");
    }

    @Test
    void shotsMustBeZeroOrMoreAndDataMustExist() {
        Path file = write(dir.resolve("t.jsonl"), OK);
        fails(() -> Tasks.load(TaskName.JSONL_MC, file, null, -1, 1), "0 or more");
        fails(() -> Tasks.load(TaskName.JSONL_MC, dir.resolve("nope.jsonl"), null, 0, 1), "nope.jsonl");
        fails(() -> Tasks.load(TaskName.MGSM, file, null, 0, 1), "is a file");
    }

    @Test
    void belebele() {
        String good = "{\"flores_passage\": \"P\", \"question\": \"Q\", \"mc_answer1\": \"a\", \"mc_answer2\": \"b\", "
                + "\"mc_answer3\": \"c\", \"mc_answer4\": \"d\", \"correct_answer_num\": \"2\"}";
        Path file = write(dir.resolve("eng_Latn.jsonl"), good, good.replace("\"2\"", "\"5\""));
        fails(() -> Tasks.load(TaskName.BELEBELE, dir, null, 0, 1), file + ", line 2", "correct_answer_num");
        write(file, good, good.replace("\"mc_answer3\": \"c\", ", ""));
        fails(() -> Tasks.load(TaskName.BELEBELE, dir, null, 0, 1), file + ", line 2", "missing field \"mc_answer3\"");
        write(file, good);
        fails(() -> Tasks.load(TaskName.BELEBELE, dir, null, 1, 1), "1 shots", "only 0");
        write(file);
        fails(() -> Tasks.load(TaskName.BELEBELE, dir, null, 0, 1), file + " is empty");
    }

    @Test
    void xstoryclozeReleaseFiles() {
        String header = "InputStoryid\tInputSentence1\tInputSentence2\tInputSentence3\tInputSentence4\t"
                + "RandomFifthSentenceQuiz1\tRandomFifthSentenceQuiz2\tAnswerRightEnding";
        Path eval = dir.resolve("spring2016.val.en.tsv.split_20_80_eval.tsv");
        write(eval, header, "1\ta\tb\tc\td\te\tf\t1", "2\ta\tb\tc\td\te\tf\t3");
        fails(() -> Tasks.load(TaskName.XSTORYCLOZE, dir, null, 0, 1), eval + ", line 3", "AnswerRightEnding must be 1 or 2");
        write(eval, header, "1\ta\tb\tc\td\te\t1");
        fails(() -> Tasks.load(TaskName.XSTORYCLOZE, dir, null, 0, 1), eval + ", line 2", "expected 8", "found 7");
        write(eval, header.replace("InputSentence4", "Sentence4"), "1\ta\tb\tc\td\te\tf\t1");
        fails(() -> Tasks.load(TaskName.XSTORYCLOZE, dir, null, 0, 1), eval + ", line 1", "InputSentence4");
        write(eval, header, "1\ta\tb\t\td\te\tf\t1");
        fails(() -> Tasks.load(TaskName.XSTORYCLOZE, dir, null, 0, 1), eval + ", line 2", "InputSentence3 is empty");
        write(eval, header, "1\ta\tb\tc\td\te\tf\t1");
        fails(() -> Tasks.load(TaskName.XSTORYCLOZE, dir, null, 1, 1), "split_20_80_train.tsv", "missing");
        write(eval, header);
        fails(() -> Tasks.load(TaskName.XSTORYCLOZE, dir, null, 0, 1), eval + " has a header but no stories");
    }

    @Test
    void xcsqa() {
        Path file = dir.resolve("test/x_csqa_en_test.json");
        String item = "  {\"instruction\": \"i\", \"input\": \"Question: q?\\nA. x\\nB. y\\nAnswer:\", \"output\": \"%s\"}";
        write(file, "[", String.format(item, "A") + ",", String.format(item, "C"), "]");
        fails(() -> Tasks.load(TaskName.XCSQA, dir, null, 0, 1), file + ", line 3", "one of the option letters [A, B]");
        write(file, "[", String.format(item, "A") + ",", "  {\"instruction\": \"i\", \"output\": \"A\"}", "]");
        fails(() -> Tasks.load(TaskName.XCSQA, dir, null, 0, 1), file + ", line 3", "missing field \"input\"");
        write(file, "[", String.format(item, "A") + ",", "  {\"input\": \"no options here\", \"output\": \"A\"}", "]");
        fails(() -> Tasks.load(TaskName.XCSQA, dir, null, 0, 1), file + ", line 3", "no options");
        write(file, "{\"input\": \"x\"}");
        fails(() -> Tasks.load(TaskName.XCSQA, dir, null, 0, 1), file + ", line 1", "expected a JSON array");
        write(file, "[", String.format(item, "A") + ",", "  {\"input\": ");
        fails(() -> Tasks.load(TaskName.XCSQA, dir, null, 0, 1), file.toString(), "not valid JSON");
        write(file, "[]");
        fails(() -> Tasks.load(TaskName.XCSQA, dir, null, 0, 1), file + " holds an empty array");
        write(file, "[", String.format(item, "A"), "]");
        fails(() -> Tasks.load(TaskName.XCSQA, dir, List.of("de"), 0, 1), "de", "available: en");
    }

    @Test
    void mgsm() {
        Path file = dir.resolve("mgsm_en.tsv");
        write(file, "How many?\t3", "How much?\tthree");
        fails(() -> Tasks.load(TaskName.MGSM, dir, null, 0, 1), file + ", line 2", "must be a number");
        write(file, "How many?\t3", "How much? 4");
        fails(() -> Tasks.load(TaskName.MGSM, dir, null, 0, 1), file + ", line 2", "a tab");
        write(file, "How many?\t3", "\t4");
        fails(() -> Tasks.load(TaskName.MGSM, dir, null, 0, 1), file + ", line 2", "empty question");
        write(file);
        fails(() -> Tasks.load(TaskName.MGSM, dir, null, 0, 1), file + " is empty");
        write(file, "How many?\t3");
        fails(() -> Tasks.load(TaskName.MGSM, dir, null, 1, 1), "1 shots", "only 0", "the item itself excluded");
    }

    @Test
    void xcopa() {
        Path test = dir.resolve("data/it/test.it.jsonl");
        String good = "{\"premise\": \"P.\", \"choice1\": \"A.\", \"choice2\": \"B.\", \"question\": \"cause\", "
                + "\"label\": 0, \"idx\": 0}";
        write(test, good, good.replace("\"label\": 0", "\"label\": 2"));
        fails(() -> Tasks.load(TaskName.XCOPA, dir, null, 0, 1), test + ", line 2", "label must be 0 or 1");
        write(test, good, good.replace("\"choice2\": \"B.\", ", ""));
        fails(() -> Tasks.load(TaskName.XCOPA, dir, null, 0, 1), test + ", line 2", "choice2");
        write(test, good);
        fails(() -> Tasks.load(TaskName.XCOPA, dir, List.of("eng-it"), 0, 1), "eng-it", "available: it");
        fails(() -> Tasks.load(TaskName.XCOPA, dir, null, 1, 1), "val.it.jsonl", "missing");
        fails(() -> Tasks.load(TaskName.XCOPA, dir.resolve("data"), null, 0, 1), "no data/ folder");
        write(dir.resolve("data/xx/test.xx.jsonl"), good);
        fails(() -> Tasks.load(TaskName.XCOPA, dir, List.of("xx"), 0, 1), "xx", "no connectives");
    }
}
