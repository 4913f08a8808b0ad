package org.babelscope.eval.task;

import static org.babelscope.eval.task.TaskFiles.fails;
import static org.babelscope.eval.task.TaskFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Few-shot examples: the harness's joining, determinism, and never the item itself. */
class FewShotTest {
    @TempDir
    Path dir;

    private Path jsonl(int n) {
        String[] lines = new String[n];
        for (int i = 0; i < n; i++) {
            lines[i] = "{\"lang\": \"en\", \"premise\": \"P" + i + "\", \"options\": [\"yes\", \"no\"], \"label\": " + (i % 2)
                    + "}";
        }
        return write(dir.resolve("items.jsonl"), lines);
    }

    @Test
    void shotsAreJoinedAsTheHarnessJoinsThem() {
        Path file = jsonl(2);
        ChoiceItem first = Tasks.load(TaskName.JSONL_MC, file, null, 1, 42).choiceItems("en").get(0);
        // The only other item is P1 (label 1 = "no"): shot = context + " " + gold choice, then "\n\n".
        assertEquals("P1 no\n\nP0", first.context());
        assertEquals(List.of(" yes", " no"), first.continuations());
        ChoiceItem second = Tasks.load(TaskName.JSONL_MC, file, null, 1, 42).choiceItems("en").get(1);
        assertEquals("P0 yes\n\nP1", second.context());
    }

    @Test
    void theSameSeedGivesTheSamePromptsAndAnotherSeedOthers() {
        Path file = jsonl(30);
        TaskSet a = Tasks.load(TaskName.JSONL_MC, file, null, 3, 7);
        TaskSet b = Tasks.load(TaskName.JSONL_MC, file, null, 3, 7);
        TaskSet c = Tasks.load(TaskName.JSONL_MC, file, null, 3, 8);
        assertEquals(a.choiceItems("en"), b.choiceItems("en"));
        assertNotEquals(a.choiceItems("en"), c.choiceItems("en"));
        // Each item gets its own draw, as the harness's sampler does.
        Set<String> shotSets = new HashSet<>();
        for (ChoiceItem item : a.choiceItems("en")) {
            shotSets.add(item.context().substring(0, item.context().lastIndexOf("\n\n")));
        }
        assertTrue(shotSets.size() > 1, shotSets.toString());
    }

    @Test
    void anItemIsNeverItsOwnExampleAndExamplesAreDistinct() {
        Path file = jsonl(6);
        for (long seed = 0; seed < 20; seed++) {
            // 5 of the 5 others: the draw must take all of them, never the item.
            for (ChoiceItem item : Tasks.load(TaskName.JSONL_MC, file, null, 5, seed).choiceItems("en")) {
                List<String> parts = List.of(item.context().split("\n\n"));
                assertEquals(6, parts.size());
                assertEquals("P" + item.index(), parts.get(5));
                Set<String> premises = new HashSet<>();
                for (String shot : parts.subList(0, 5)) {
                    String premise = shot.substring(0, shot.indexOf(' '));
                    assertNotEquals("P" + item.index(), premise);
                    premises.add(premise);
                }
                assertEquals(5, premises.size(), item.context());
            }
        }
        fails(() -> Tasks.load(TaskName.JSONL_MC, file, null, 6, 1), "6 shots", "only 5");
    }

    @Test
    void unlabelledItemsAreScoredButNeverShown() {
        Path file = write(dir.resolve("m.jsonl"),
                "{\"lang\": \"en\", \"premise\": \"A\", \"options\": [\"x\", \"y\"], \"label\": 0}",
                "{\"lang\": \"en\", \"premise\": \"B\", \"options\": [\"x\", \"y\"]}",
                "{\"lang\": \"en\", \"premise\": \"C\", \"options\": [\"x\", \"y\"], \"label\": 1}");
        List<ChoiceItem> items = Tasks.load(TaskName.JSONL_MC, file, null, 1, 3).choiceItems("en");
        assertEquals("C y\n\nA", items.get(0).context());
        assertEquals(-1, items.get(1).gold());
        // Seed 3 draws C for B (either labelled item may be drawn; B itself, unlabelled, never).
        assertEquals("C y\n\nB", items.get(1).context());
        assertEquals("A x\n\nC", items.get(2).context());
    }

    @Test
    void whitespaceEndingTheContextMovesToTheContinuations() {
        Path file = write(dir.resolve("w.jsonl"),
                "{\"lang\": \"en\", \"premise\": \"Answer: \", \"options\": [\"yes\", \"no\"], \"label\": 0}",
                "{\"lang\": \"en\", \"premise\": \"Q\\n\", \"options\": [\"a\", \"b\"], \"label\": 1}");
        List<ChoiceItem> items = Tasks.load(TaskName.JSONL_MC, file, null, 0, 1).choiceItems("en");
        assertEquals("Answer:", items.get(0).context());
        assertEquals(List.of("  yes", "  no"), items.get(0).continuations());
        assertEquals("Q", items.get(1).context());
        assertEquals(List.of("\n a", "\n b"), items.get(1).continuations());
        // In a shot the text stays as the harness writes it: context + " " + choice.
        ChoiceItem withShot = Tasks.load(TaskName.JSONL_MC, file, null, 1, 1).choiceItems("en").get(1);
        assertEquals("Answer:  yes\n\nQ", withShot.context());
    }

    @Test
    void belebeleTakesTheFirstItemsOfItsFileSkippingTheItem() {
        String[] lines = new String[3];
        for (int i = 0; i < 3; i++) {
            lines[i] = "{\"flores_passage\": \"Passage " + i + ".\", \"question\": \" Why " + i + "? \", \"mc_answer1\": "
                    + "\"a\", \"mc_answer2\": \"b\", \"mc_answer3\": \"c\", \"mc_answer4\": \"d\", \"correct_answer_num\": \""
                    + (i + 1) + "\", \"dialect\": \"eng_Latn\"}";
        }
        write(dir.resolve("eng_Latn.jsonl"), lines);
        TaskSet zero = Tasks.load(TaskName.BELEBELE, dir, null, 0, 1);
        assertEquals(new ChoiceItem("0", 0, "eng_Latn", "P: Passage 0.\nQ: Why 0?\nA: a\nB: b\nC: c\nD: d\nAnswer\uFF1A",
                List.of(" A", " B", " C", " D"), 0), zero.choiceItems("eng_Latn").get(0));
        List<ChoiceItem> items = Tasks.load(TaskName.BELEBELE, dir, null, 1, 1).choiceItems("eng_Latn");
        String shot0 = "P: Passage 0.\nQ: Why 0?\nA: a\nB: b\nC: c\nD: d\nAnswer\uFF1A A";
        String shot1 = "P: Passage 1.\nQ: Why 1?\nA: a\nB: b\nC: c\nD: d\nAnswer\uFF1A B";
        assertTrue(items.get(0).context().startsWith(shot1 + "\n\nP: Passage 0."), items.get(0).context());
        assertTrue(items.get(1).context().startsWith(shot0 + "\n\nP: Passage 1."), items.get(1).context());
        assertTrue(items.get(2).context().startsWith(shot0 + "\n\nP: Passage 2."), items.get(2).context());
        // The seed plays no part in first_n.
        assertEquals(items, Tasks.load(TaskName.BELEBELE, dir, null, 1, 999).choiceItems("eng_Latn"));
    }

    @Test
    void xstoryclozeReleaseFilesScoreEvalWithShotsFromTrain() {
        String header = "InputStoryid\tInputSentence1\tInputSentence2\tInputSentence3\tInputSentence4\t"
                + "RandomFifthSentenceQuiz1\tRandomFifthSentenceQuiz2\tAnswerRightEnding";
        write(dir.resolve("spring2016.val.ru.tsv.split_20_80_eval.tsv"), header,
                "e-1\tОн пришёл.\tОн сел.\tОн ел.\tОн устал.\tОн уснул.\tОн взлетел.\t1");
        write(dir.resolve("spring2016.val.ru.tsv.split_20_80_train.tsv"), header,
                "t-1\tA1.\tA2.\tA3.\tA4.\tEnd one.\tEnd two.\t2");
        ChoiceItem zero = Tasks.load(TaskName.XSTORYCLOZE, dir, null, 0, 1).choiceItems("ru").get(0);
        assertEquals(new ChoiceItem("e-1", 0, "ru", "Он пришёл. Он сел. Он ел. Он устал.",
                List.of(" Он уснул.", " Он взлетел."), 0), zero);
        ChoiceItem one = Tasks.load(TaskName.XSTORYCLOZE, dir, null, 1, 1).choiceItems("ru").get(0);
        assertEquals("A1. A2. A3. A4. End two.\n\nОн пришёл. Он сел. Он ел. Он устал.", one.context());
    }

    @Test
    void xcopaShotsComeFromTheValSplit() {
        write(dir.resolve("data/it/test.it.jsonl"), xcopa("Piove.", "Prendo l'ombrello.", "Esco nudo.", "effect", 0, 0));
        write(dir.resolve("data/it/val.it.jsonl"), xcopa("Ho fame.", "Mangio.", "Dormo.", "effect", 0, 0));
        write(dir.resolve("data-gmt/it/test.it.jsonl"), xcopa("It rains.", "I take the umbrella.", "I go out naked.",
                "effect", 0, 0));
        write(dir.resolve("data-gmt/it/val.it.jsonl"), xcopa("I am hungry.", "I eat.", "I sleep.", "effect", 0, 0));
        TaskSet set = Tasks.load(TaskName.XCOPA, dir, null, 1, 5);
        assertEquals(List.of("it", "eng-it"), set.languages());
        assertEquals("Ho fame quindi mangio.\n\nPiove quindi", set.choiceItems("it").get(0).context());
        assertEquals(List.of(" prendo l'ombrello.", " esco nudo."), set.choiceItems("it").get(0).continuations());
        assertEquals("I am hungry therefore i eat.\n\nIt rains therefore", set.choiceItems("eng-it").get(0).context());
    }

    @Test
    void mgsmShotsAreOtherItemsWithTheirAnswers() {
        write(dir.resolve("mgsm_en.tsv"), "One plus one?\t2", "Two times three?\t6", "Ten minus one?\t9");
        List<GenerationItem> items = Tasks.load(TaskName.MGSM, dir, null, 2, 11).generationItems("en");
        List<String> shown = List.of("Question: One plus one?\nAnswer: 2", "Question: Two times three?\nAnswer: 6",
                "Question: Ten minus one?\nAnswer: 9");
        for (GenerationItem item : items) {
            List<String> parts = List.of(item.prompt().split("\n\n"));
            assertEquals(3, parts.size(), item.prompt());
            // With two shots out of three items, the shots are exactly the two other items.
            Set<String> expected = new HashSet<>(shown);
            expected.remove(shown.get(item.index()));
            assertEquals(expected, new HashSet<>(parts.subList(0, 2)), item.prompt());
            assertEquals(shown.get(item.index()).substring(0, shown.get(item.index()).lastIndexOf(' ')), parts.get(2));
        }
        assertEquals(items, Tasks.load(TaskName.MGSM, dir, null, 2, 11).generationItems("en"));
    }

    private static String xcopa(String premise, String c1, String c2, String question, int label, int idx) {
        return "{\"premise\": \"" + premise + "\", \"choice1\": \"" + c1 + "\", \"choice2\": \"" + c2
                + "\", \"question\": \"" + question + "\", \"label\": " + label + ", \"idx\": " + idx + "}";
    }
}
