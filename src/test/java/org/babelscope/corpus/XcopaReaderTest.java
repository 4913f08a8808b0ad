package org.babelscope.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XCOPA: option sentences in each language and its English side, majority questions, labels. */
class XcopaReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void languagesWithAnEnglishSideGiveFourViewsEach() {
        Path dir = SharedData.dir("xcopa");
        Corpus corpus = Corpora.read(dir, CorpusFormat.XCOPA, List.of(), 0);
        assertEquals("eng", corpus.pivot());
        assertEquals("xcopa-test", corpus.name());
        // data-gmt has 10 of the 11 languages: Quechua has no English side.
        assertEquals(List.of("et", "ht", "id", "it", "sw", "ta", "th", "tr", "vi", "zh"), corpus.languages());
        assertEquals(40, corpus.views().size());
        assertEquals(List.of("eng-et.opt1", "eng-et.opt2", "et.opt1", "et.opt2"), corpus.viewNames().subList(0, 4));
        for (String lang : corpus.languages()) {
            long lines = SharedData.lineCount(dir.resolve("data").resolve(lang).resolve("test." + lang + ".jsonl"));
            assertEquals(lines, corpus.itemCount(lang + ".opt2"), lang);
            assertEquals(Optional.of("eng-" + lang + ".opt1"), corpus.pivotFor(lang + ".opt1"));
            assertEquals(Optional.of("eng-" + lang + ".opt2"), corpus.pivotFor(lang + ".opt2"));
        }
        assertEquals(500, corpus.nItems());
        assertTrue(corpus.isLineAligned());
    }

    @Test
    void optionSentencesOfHandCheckedItems() {
        Path dir = SharedData.dir("xcopa");
        Corpus corpus = Corpora.read(dir, CorpusFormat.XCOPA, List.of("it", "zh", "tr"), 0);
        // Item 0 asks for a cause, item 1 for an effect (the question of et, ht, qu, ta, vi, zh).
        assertEquals("L'oggetto era incartato nella plastica bollata perché era delicato.", corpus.view("it.opt1").text(0));
        assertEquals("L'oggetto era incartato nella plastica bollata perché era piccolo.", corpus.view("it.opt2").text(0));
        assertEquals("The item was wrapped in stamped plastic because it was delicate.", corpus.view("eng-it.opt1").text(0));
        assertEquals("Avevo svuotato le mie tasche, quindi trovai un'arma.", corpus.view("it.opt2").text(1));
        assertEquals("该物品用气泡包装纸包着，因为它很易碎。", corpus.view("zh.opt1").text(0));
        assertEquals("我掏空了口袋，所以我找到了一张票根。", corpus.view("zh.opt1").text(1));
        assertEquals("I emptied my pocket, so I found a ticket stub.", corpus.view("eng-zh.opt1").text(1),
                "the pronoun I keeps its capital");
        assertEquals(xcopaLines(dir.resolve("data/zh/test.zh.jsonl")).size(), corpus.itemCount("zh.opt1"));
    }

    @Test
    void questionIsTheMajorityOverLanguagesNotTheFilesOwnField() throws IOException {
        Path dir = SharedData.dir("xcopa");
        Corpus corpus = Corpora.read(dir, CorpusFormat.XCOPA, List.of("th", "tr"), 0);
        JsonNode th0 = xcopaLines(dir.resolve("data/th/test.th.jsonl")).get(0);
        JsonNode tr0 = xcopaLines(dir.resolve("data/tr/test.tr.jsonl")).get(0);
        assertEquals("effect", th0.get("question").asText(), "the published Thai file marks item 0 as effect");
        assertEquals("effect", tr0.get("question").asText(), "so does the Turkish one");
        assertEquals("cause", xcopaLines(dir.resolve("data/et/test.et.jsonl")).get(0).get("question").asText());
        assertEquals(th0.get("premise").asText() + " เพราะ" + th0.get("choice1").asText(), corpus.view("th.opt1").text(0));
        assertEquals("Ürün balonlu naylonla paketlenmişti, çünkü kırılgandı.", corpus.view("tr.opt1").text(0));
        assertEquals("The product was packaged in bubble wrap because it was fragile.", corpus.view("eng-tr.opt1").text(0));
    }

    @Test
    void goldLabelsComeWithTheCorpus() throws IOException {
        Path dir = SharedData.dir("xcopa");
        Corpus corpus = Corpora.read(dir, CorpusFormat.XCOPA, List.of("it", "sw"), 0);
        assertEquals(List.of("it", "sw"), List.copyOf(corpus.labels().keySet()));
        List<Integer> expected = new ArrayList<>();
        for (JsonNode item : xcopaLines(dir.resolve("data/sw/test.sw.jsonl"))) {
            expected.add(item.get("label").asInt());
        }
        assertEquals(expected, corpus.labels().get("sw"));
        // Checked by hand: the first seven labels of the test split.
        assertEquals(List.of(0, 0, 1, 0, 0, 1, 1), corpus.labels().get("it").subList(0, 7));
    }

    @Test
    void valSplitLimitAndLangs() {
        Path dir = SharedData.dir("xcopa");
        Corpus val = Corpora.read(dir, CorpusFormat.XCOPA, ReadOptions.all().withSplit("val").withLangs(List.of("vi")));
        assertEquals("xcopa-val", val.name());
        assertEquals(SharedData.lineCount(dir.resolve("data/vi/val.vi.jsonl")), val.nItems());
        assertEquals(100, val.nItems());

        Corpus small = Corpora.read(dir, CorpusFormat.XCOPA, List.of("zh", "id", "eng"), 3);
        assertEquals(List.of("eng-id.opt1", "eng-id.opt2", "id.opt1", "id.opt2",
                "eng-zh.opt1", "eng-zh.opt2", "zh.opt1", "zh.opt2"), small.viewNames());
        assertEquals(3, small.nItems());
        assertEquals(3, small.labels().get("zh").size());

        assertThrows(BadInputException.class,
                () -> Corpora.read(dir, CorpusFormat.XCOPA, ReadOptions.all().withSplit("train")));
    }

    @Test
    void quechuaHasNoEnglishSide() {
        Path dir = SharedData.dir("xcopa");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(dir, CorpusFormat.XCOPA, List.of("qu"), 0));
        assertTrue(e.getMessage().contains("qu has no English side") && e.getMessage().contains("data-gmt"),
                e.getMessage());
    }

    @Test
    void dataFolderItselfPointsToItsParent() {
        Path dir = SharedData.dir("xcopa");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(dir.resolve("data"), CorpusFormat.XCOPA, List.of(), 0));
        assertTrue(e.getMessage().contains("give the folder that holds data/"), e.getMessage());
    }

    @Test
    void badLabelNamesFileAndLine() throws IOException {
        writeItems("data", "it", item(0, "cause", 0), item(1, "effect", 2));
        writeItems("data-gmt", "it", item(0, "cause", 0), item(1, "effect", 2));
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.XCOPA, List.of(), 0));
        assertTrue(e.getMessage().contains("test.it.jsonl, line 2") && e.getMessage().contains("label must be 0 or 1"),
                e.getMessage());
    }

    @Test
    void badQuestionIsAnError() throws IOException {
        writeItems("data", "it", item(0, "why", 0));
        writeItems("data-gmt", "it", item(0, "why", 0));
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.XCOPA, List.of(), 0));
        assertTrue(e.getMessage().contains("\"cause\" or \"effect\""), e.getMessage());
    }

    @Test
    void englishSideMustHoldTheSameItems() throws IOException {
        writeItems("data", "it", item(0, "cause", 0), item(1, "effect", 1));
        writeItems("data-gmt", "it", item(0, "cause", 0), item(7, "effect", 1));
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.XCOPA, List.of(), 0));
        assertTrue(e.getMessage().contains("item 2 differs"), e.getMessage());
    }

    @Test
    void smallTreeReadsWithCrlfAndComposesBothSides() throws IOException {
        writeItems("data", "it", item(0, "effect", 1));
        writeItems("data-gmt", "it", item(0, "effect", 1));
        Corpus corpus = Corpora.read(tmp, CorpusFormat.XCOPA, List.of(), 0);
        assertEquals("P0, quindi prima 0.", corpus.view("it.opt1").text(0));
        assertEquals("P0, so seconda 0.", corpus.view("eng-it.opt2").text(0));
        assertEquals(List.of(1), corpus.labels().get("it"));
    }

    private static String item(int idx, String question, int label) {
        return "{\"premise\": \"P" + idx + ".\", \"choice1\": \"Prima " + idx + ".\", \"choice2\": \"Seconda " + idx
                + ".\", \"question\": \"" + question + "\", \"label\": " + label + ", \"idx\": " + idx + "}";
    }

    private void writeItems(String base, String lang, String... lines) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(base).resolve(lang));
        Files.writeString(dir.resolve("test." + lang + ".jsonl"), String.join("\r\n", lines) + "\r\n");
    }

    private static List<JsonNode> xcopaLines(Path file) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : SharedData.lines(file)) {
            try {
                nodes.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError(file + ": " + e.getMessage(), e);
            }
        }
        return nodes;
    }
}
