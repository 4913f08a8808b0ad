package org.babelscope.eval.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.babelscope.corpus.SharedData;
import org.junit.jupiter.api.Test;

/**
 * One real item of each data set in {@code ../shared/data}, its prompt worked out by hand from the
 * file and the harness's template (skipped when the data is absent).
 */
class RealDataPromptsTest {
    @Test
    void xcopaItalianAndItsEnglishSide() {
        Path dir = SharedData.dir("xcopa");
        TaskSet set = Tasks.load(TaskName.XCOPA, dir, List.of("it", "eng-it"), 0, 1234);
        assertEquals(List.of("it", "eng-it"), set.languages());
        // data/it/test.it.jsonl line 1: premise "L'oggetto era incartato nella plastica bollata.",
        // choice1 "Era delicato.", choice2 "Era piccolo.", question cause, label 0, idx 0.
        ChoiceItem it = set.choiceItems("it").get(0);
        assertEquals(new ChoiceItem("0", 0, "it", "L'oggetto era incartato nella plastica bollata perché",
                List.of(" era delicato.", " era piccolo."), 0), it);
        // data-gmt/it/test.it.jsonl line 1: "The item was wrapped in stamped plastic.", "It was delicate.", "He was young."
        ChoiceItem en = set.choiceItems("eng-it").get(0);
        assertEquals(new ChoiceItem("0", 0, "eng-it", "The item was wrapped in stamped plastic because",
                List.of(" it was delicate.", " he was young."), 0), en);
        // line 2: "Avevo svuotato le mie tasche." effect -> "quindi"; "Estrassi la matrice di un biglietto."
        ChoiceItem second = set.choiceItems("it").get(1);
        assertEquals("Avevo svuotato le mie tasche quindi", second.context());
        assertEquals(" estrassi la matrice di un biglietto.", second.continuations().get(0));
        assertEquals(500, set.choiceItems("it").size());
        assertEquals(500, set.choiceItems("eng-it").size());
    }

    @Test
    void xcopaThaiGetsTheMajorityQuestionAndKeepsItsLastLetter() {
        Path dir = SharedData.dir("xcopa");
        TaskSet set = Tasks.load(TaskName.XCOPA, dir, List.of("th", "eng-th"), 0, 1234);
        // data/th/test.th.jsonl line 1 says question "effect", but every other language says "cause";
        // the premise "สิ่งของถูกห่อไว้ในพลาสติก" ends without a stop, so its last letter stays.
        assertEquals(new ChoiceItem("0", 0, "th", "สิ่งของถูกห่อไว้ในพลาสติก เพราะ", List.of(" มันบอบบาง", " มันเล็ก"), 0),
                set.choiceItems("th").get(0));
        // data-gmt/th line 1: "Items are wrapped in plastic.", "It's subtle", "It's small", also "effect".
        assertEquals(new ChoiceItem("0", 0, "eng-th", "Items are wrapped in plastic because",
                List.of(" it's subtle", " it's small"), 0), set.choiceItems("eng-th").get(0));
        assertTrue(set.notes().stream().anyMatch(n -> n.contains("majority")), set.notes().toString());
    }

    @Test
    void xcopaEveryLanguageAndItsEnglishSideByDefault() {
        TaskSet set = Tasks.load(TaskName.XCOPA, SharedData.dir("xcopa"), null, 0, 1234);
        assertEquals(List.of("et", "eng-et", "ht", "eng-ht", "id", "eng-id", "it", "eng-it", "qu", "sw", "eng-sw",
                "ta", "eng-ta", "th", "eng-th", "tr", "eng-tr", "vi", "eng-vi", "zh", "eng-zh"), set.languages());
        // zh line 1: "该物品用气泡包装纸包着。" cause "因为"; the harness puts a space before the connective.
        assertEquals("该物品用气泡包装纸包着 因为", set.choiceItems("zh").get(0).context());
        assertEquals(List.of(" 它很易碎。", " 它很小。"), set.choiceItems("zh").get(0).continuations());
    }

    @Test
    void belebeleOptionFiles() {
        TaskSet set = Tasks.load(TaskName.BELEBELE, SharedData.dir("belebele-options"), List.of("eng_Latn"), 0, 1);
        ChoiceItem item = set.choiceItems("eng_Latn").get(0);
        String passage = "Make sure your hand is as relaxed as possible while still hitting all the notes correctly - "
                + "also try not to make much extraneous motion with your fingers. This way, you will tire yourself out "
                + "as little as possible. Remember there's no need to hit the keys with a lot of force for extra volume "
                + "like on the piano. On the accordion, to get extra volume, you use the bellows with more pressure or "
                + "speed. According to the passage, what would not be considered an accurate tip for successfully "
                + "playing the accordion?";
        assertEquals(passage, item.context());
        assertEquals(" For additional volume, increase the force with which you hit the keys", item.continuations().get(0));
        assertEquals(4, item.continuations().size());
        assertEquals(-1, item.gold());
        assertEquals("0", item.id());
        assertEquals(900, set.choiceItems("eng_Latn").size());
    }

    @Test
    void xstoryclozeOptionFiles() {
        TaskSet set = Tasks.load(TaskName.XSTORYCLOZE, SharedData.dir("xstorycloze-options"), List.of("english"), 0, 1);
        ChoiceItem item = set.choiceItems("english").get(0);
        assertEquals(new ChoiceItem("0", 0, "english", "I became a Law and Order fan in 2011. I was recovering from a "
                + "stroke. When I got home I tried to watch every episode. It was hard trying to binge watch 20 Year's "
                + "of a show.", List.of(" I think Law and Order is one of the worst shows ever made.",
                " Eventually I watched them all."), -1), item);
        assertEquals(1511, set.choiceItems("english").size());
    }

    @Test
    void xcsqaEnglishTestItem() {
        TaskSet set = Tasks.load(TaskName.XCSQA, SharedData.dir("xcsqa"), List.of("en"), 0, 1);
        assertEquals(new ChoiceItem("0", 0, "en", "Question: Where off the eastern U.S. would you find an anemone?\n"
                + "A. flower bed\nB. florida keys\nC. tide pool\nD. coral sea\nE. aquarium\nAnswer:",
                List.of(" A", " B", " C", " D", " E"), 1), set.choiceItems("en").get(0));
        assertEquals(List.of("cn", "de", "en", "fr", "it", "ja"),
                Tasks.load(TaskName.XCSQA, SharedData.dir("xcsqa"), null, 0, 1).languages());
    }

    @Test
    void xcsqaShotsFromTheSamplesInTheTestLayout() {
        TaskSet set = Tasks.load(TaskName.XCSQA, SharedData.dir("xcsqa"), List.of("de"), 1, 1234);
        String context = set.choiceItems("de").get(0).context();
        // The German samples end in "\nAnswer:\nAntwort:"; rewritten, a shot reads like a test item.
        assertTrue(context.startsWith("Frage: "), context);
        assertTrue(context.endsWith("\n\nAntwort:"), context);
        String shot = context.substring(0, context.indexOf("\n\nFrage: "));
        assertTrue(shot.matches("(?s)Frage: .*\nE\\. [^\n]*\n\nAntwort: [A-E]"), shot);
        assertTrue(!shot.contains("Answer:"), shot);
    }

    @Test
    void mgsmFrenchAndChinese() {
        TaskSet set = Tasks.load(TaskName.MGSM, SharedData.dir("mgsm"), List.of("fr", "zh"), 0, 1);
        assertTrue(set.choiceItems("fr").isEmpty());
        GenerationItem fr = set.generationItems("fr").get(0);
        assertEquals("Question : Les canes de Janet pondent 16 œufs par jour. Chaque matin, elle en mange trois au petit "
                + "déjeuner et en utilise quatre autres pour préparer des muffins pour ses amis. Ce qui reste, elle le "
                + "vend quotidiennement au marché fermier, au prix de 2 $ l'œuf de cane frais. Combien (en dollars) "
                + "gagne-t-elle chaque jour au marché fermier ?\nRéponse :", fr.prompt());
        assertEquals(List.of("Question :", "</s>", "<|im_end|>"), fr.stopStrings());
        assertEquals("18", fr.gold());
        GenerationItem zh = set.generationItems("zh").get(1);
        assertEquals("问题: 制作一件袍子需要 2 匹蓝色纤维布料和这个数量一半的白色纤维布料。它一共需要用掉多少匹布料？\nAnswer:", zh.prompt());
        assertEquals("3", zh.gold());
        assertEquals(250, set.generationItems("zh").size());
    }
}
