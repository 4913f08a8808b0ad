package org.babelscope.eval.task;

import static org.babelscope.eval.task.TaskFiles.fails;
import static org.babelscope.eval.task.TaskFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common-prefix rule that splits option lines into a context and continuations. */
class OptionFilesTest {
    @TempDir
    Path dir;

    private List<ChoiceItem> load(TaskName task, String lang) {
        return Tasks.load(task, dir, List.of(lang), 0, 1).choiceItems(lang);
    }

    @Test
    void contextEndsBeforeTheLastSpaceTheOptionsShare() {
        write(dir.resolve("en_choice1.txt"), "Tom was hungry. He ate a sandwich.", "The sky is blue. It rains.");
        write(dir.resolve("en_choice2.txt"), "Tom was hungry. He ate a salad.", "The sky is blue. It snows.");
        List<ChoiceItem> items = load(TaskName.XSTORYCLOZE, "en");
        // Common prefix "Tom was hungry. He ate a sa": cut before its last space, so "sandwich" and
        // "salad" are scored whole.
        assertEquals(new ChoiceItem("0", 0, "en", "Tom was hungry. He ate a", List.of(" sandwich.", " salad."), -1),
                items.get(0));
        assertEquals(new ChoiceItem("1", 1, "en", "The sky is blue. It", List.of(" rains.", " snows."), -1), items.get(1));
    }

    @Test
    void optionsThatDifferInTheirFirstWordHaveAnEmptyContext() {
        write(dir.resolve("en_choice1.txt"), "Then he left.");
        write(dir.resolve("en_choice2.txt"), "The end came.");
        write(dir.resolve("en_choice3.txt"), "They stayed.");
        ChoiceItem item = load(TaskName.BELEBELE, "en").get(0);
        assertEquals("", item.context());
        assertEquals(List.of("Then he left.", "The end came.", "They stayed."), item.continuations());
        List<String> notes = Tasks.load(TaskName.BELEBELE, dir, null, 0, 1).notes();
        assertTrue(notes.stream().anyMatch(n -> n.contains("1 item(s) whose options share no word")), notes.toString());
    }

    @Test
    void multiByteScripts() {
        // Chinese with spaces between sentences (as in the real option files), a shared first character
        // of the options, and Devanagari whose options share a whole word.
        write(dir.resolve("zh_choice1.txt"), "他回家了。 他很高兴。", "मैं घर गया। मैं खुश था।");
        write(dir.resolve("zh_choice2.txt"), "他回家了。 他很难过。", "मैं घर गया। मैं दुखी था।");
        List<ChoiceItem> items = load(TaskName.XSTORYCLOZE, "zh");
        assertEquals("他回家了。", items.get(0).context());
        assertEquals(List.of(" 他很高兴。", " 他很难过。"), items.get(0).continuations());
        assertEquals("मैं घर गया। मैं", items.get(1).context());
        assertEquals(List.of(" खुश था।", " दुखी था।"), items.get(1).continuations());
    }

    @Test
    void supplementaryCharactersAreNeverSplit() {
        // U+20000 and U+20001 share their high surrogate: the common prefix in UTF-16 units is half a
        // character, with no whitespace, so the whole lines are scored.
        write(dir.resolve("x_choice1.txt"), "\uD840\uDC00 a");
        write(dir.resolve("x_choice2.txt"), "\uD840\uDC01 b");
        ChoiceItem item = load(TaskName.BELEBELE, "x").get(0);
        assertEquals("", item.context());
        assertEquals(List.of("\uD840\uDC00 a", "\uD840\uDC01 b"), item.continuations());
    }

    @Test
    void identicalOptionsScoreTheirLastWord() {
        write(dir.resolve("en_choice1.txt"), "It was fine.");
        write(dir.resolve("en_choice2.txt"), "It was fine.");
        ChoiceItem item = load(TaskName.XSTORYCLOZE, "en").get(0);
        assertEquals("It was", item.context());
        assertEquals(List.of(" fine.", " fine."), item.continuations());
    }

    @Test
    void differingLineCountsNameBothFiles() {
        Path a = write(dir.resolve("en_choice1.txt"), "A b.", "C d.");
        Path b = write(dir.resolve("en_choice2.txt"), "A c.");
        fails(() -> load(TaskName.BELEBELE, "en"), a + " has 2 lines", b + " has 1");
    }

    @Test
    void emptyOptionLineNamesFileAndLine() {
        write(dir.resolve("en_choice1.txt"), "A b.", "C d.");
        Path b = write(dir.resolve("en_choice2.txt"), "A c.", "  ");
        fails(() -> load(TaskName.BELEBELE, "en"), b + ", line 2", "empty option text");
    }

    @Test
    void emptyOptionFileIsAnError() {
        write(dir.resolve("en_choice1.txt"));
        write(dir.resolve("en_choice2.txt"));
        fails(() -> load(TaskName.BELEBELE, "en"), dir.resolve("en_choice1.txt") + " is empty");
    }

    @Test
    void shotsNeedGoldLabels() {
        write(dir.resolve("en_choice1.txt"), "A b.");
        write(dir.resolve("en_choice2.txt"), "A c.");
        fails(() -> Tasks.load(TaskName.XSTORYCLOZE, dir, null, 1, 1), "no gold labels", "0 shots");
    }

    @Test
    void unknownLanguageListsTheAvailableOnes() {
        write(dir.resolve("en_choice1.txt"), "A b.");
        write(dir.resolve("en_choice2.txt"), "A c.");
        write(dir.resolve("fr_choice1.txt"), "A b.");
        write(dir.resolve("fr_choice2.txt"), "A c.");
        fails(() -> Tasks.load(TaskName.BELEBELE, dir, List.of("de"), 0, 1), "de", "available: en, fr");
    }

    @Test
    void optionsNumberedWithAGapAreAnError() {
        write(dir.resolve("en_choice1.txt"), "A b.");
        write(dir.resolve("en_choice3.txt"), "A c.");
        fails(() -> load(TaskName.BELEBELE, "en"), "numbered 1..2", "[1, 3]");
    }
}
