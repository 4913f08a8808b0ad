package org.babelscope.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FLORES folders: the real devtest set, then small folders that exercise each rule and error. */
class FloresReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsEveryLanguageOfTheRealDevtest() {
        Path dir = SharedData.dir("flores200-devtest");
        Corpus corpus = Corpora.read(dir, CorpusFormat.FLORES, List.of(), 0);

        List<String> files = SharedData.namesEndingWith(dir, ".devtest");
        assertEquals(files.size(), corpus.views().size());
        assertEquals(82, corpus.views().size(), "the README lists 82 languages");
        assertEquals("eng_Latn", corpus.pivot());
        assertEquals("eng_Latn", corpus.views().get(0).name(), "the pivot comes first");
        for (String file : files) {
            String lang = file.substring(0, file.length() - ".devtest".length());
            assertEquals(SharedData.lineCount(dir.resolve(file)), corpus.itemCount(lang), file);
        }
        assertEquals(1012, corpus.nItems());
        assertTrue(corpus.isLineAligned());
        assertEquals(Optional.of("eng_Latn"), corpus.pivotFor("fra_Latn"));
        assertEquals(Optional.empty(), corpus.pivotFor("eng_Latn"));
        assertEquals(81, corpus.languages().size());
    }

    @Test
    void itemTextsAreTheFileLines() {
        Path dir = SharedData.dir("flores200-devtest");
        Corpus corpus = Corpora.read(dir, CorpusFormat.FLORES, List.of("fra_Latn"), 0);
        // Checked by hand against the file: its first line.
        assertEquals("\"We now have 4-month-old mice that are non-diabetic that used to be diabetic,\" he added.",
                corpus.view("eng_Latn").text(0));
        List<String> fra = SharedData.lines(dir.resolve("fra_Latn.devtest"));
        assertEquals(fra, corpus.view("fra_Latn").texts());
        assertTrue(corpus.view("fra_Latn").text(1011).startsWith("Les travailleurs doivent souvent obtenir"));
    }

    @Test
    void langsAndLimitSelectLanguagesAndFirstItems() {
        Path dir = SharedData.dir("flores200-devtest");
        Corpus corpus = Corpora.read(dir, CorpusFormat.FLORES, List.of("zho_Hans", "deu_Latn", "deu_Latn"), 5);
        assertEquals(List.of("eng_Latn", "deu_Latn", "zho_Hans"), corpus.viewNames(),
                "pivot first, then sorted, duplicates once");
        assertEquals(5, corpus.nItems());
        assertEquals(SharedData.lines(dir.resolve("zho_Hans.devtest")).subList(0, 5), corpus.view("zho_Hans").texts());

        Corpus sameOtherOrder = Corpora.read(dir, CorpusFormat.FLORES, List.of("deu_Latn", "zho_Hans", "eng_Latn"), 5);
        assertEquals(corpus.sha256(), sameOtherOrder.sha256(), "naming order and the pivot do not change the identity");
        Corpus longer = Corpora.read(dir, CorpusFormat.FLORES, List.of("deu_Latn", "zho_Hans"), 6);
        assertNotEquals(corpus.sha256(), longer.sha256());
    }

    @Test
    void unknownLanguageListsWhatIsThere() {
        Path dir = SharedData.dir("flores200-devtest");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(dir, CorpusFormat.FLORES, List.of("fra_Latn", "xyz_Latn"), 0));
        assertTrue(e.getMessage().contains("xyz_Latn"), e.getMessage());
        assertTrue(e.getMessage().contains("acm_Arab, afr_Latn"), e.getMessage());
        assertTrue(e.getMessage().contains("81 in all"), e.getMessage());
    }

    @Test
    void mismatchedLineCountsNameTheFiles() throws IOException {
        write("eng_Latn.devtest", "a\nb\nc\n");
        write("fra_Latn.devtest", "a\nb\nc\n");
        write("deu_Latn.devtest", "a\nb\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0));
        assertTrue(e.getMessage().contains("eng_Latn.devtest has 3 lines"), e.getMessage());
        assertTrue(e.getMessage().contains("deu_Latn.devtest has 2"), e.getMessage());
        assertTrue(!e.getMessage().contains("fra_Latn"), e.getMessage());
    }

    @Test
    void badUtf8NamesFileAndLine() throws IOException {
        write("eng_Latn.txt", "one\ntwo\nthree\n");
        Files.write(tmp.resolve("fra_Latn.txt"), new byte[] {'u', 'n', '\n', 'd', 'e', 'u', 'x', '\n', 't', (byte) 0xC3, '\n'});
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0));
        assertTrue(e.getMessage().contains("fra_Latn.txt, line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void nulIsRejected() throws IOException {
        write("eng_Latn.txt", "one\ntw\0o\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0));
        assertTrue(e.getMessage().contains("eng_Latn.txt, line 2") && e.getMessage().contains("NUL"), e.getMessage());
    }

    @Test
    void missingPivotAsksForOne() throws IOException {
        write("fra_Latn.devtest", "a\n");
        write("deu_Latn.devtest", "b\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0));
        assertTrue(e.getMessage().contains("no English"), e.getMessage());
        Corpus named = Corpora.read(tmp, CorpusFormat.FLORES, ReadOptions.all().withPivot("fra_Latn"));
        assertEquals(List.of("fra_Latn", "deu_Latn"), named.viewNames());
        assertEquals(Optional.of("fra_Latn"), named.pivotFor("deu_Latn"));
    }

    @Test
    void shortEnglishCodesAreFoundAsPivot() throws IOException {
        write("en.txt", "a\n");
        write("de.txt", "b\n");
        assertEquals("en", Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0).pivot());
    }

    @Test
    void lineRulesKeepItemsInPlace() throws IOException {
        // BOM skipped, CRLF ends a line, a lone CR and U+2028 stay inside their line, an empty
        // middle line is an item, and the last line needs no newline.
        Files.write(tmp.resolve("eng_Latn.txt"),
                "\uFEFFfirst\r\nsec\rond\n\nfourth\u2028still\nlast".getBytes(StandardCharsets.UTF_8));
        write("fra_Latn.txt", "1\n2\n3\n4\n5\n");
        Corpus corpus = Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0);
        assertEquals(List.of("first", "sec\rond", "", "fourth\u2028still", "last"), corpus.view("eng_Latn").texts());
        assertEquals(5, corpus.itemCount("fra_Latn"));
    }

    @Test
    void devtestIsPreferredOverDevAndSplitsNeverMix() throws IOException {
        write("eng_Latn.devtest", "t1\nt2\n");
        write("fra_Latn.devtest", "T1\nT2\n");
        write("eng_Latn.dev", "d1\n");
        write("fra_Latn.dev", "D1\n");
        write("deu_Latn.dev", "X1\n");
        Corpus corpus = Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0);
        assertEquals(List.of("eng_Latn", "fra_Latn"), corpus.viewNames());
        assertEquals(List.of("t1", "t2"), corpus.view("eng_Latn").texts());

        Corpus dev = Corpora.read(tmp, CorpusFormat.FLORES, ReadOptions.all().withSplit("dev"));
        assertEquals(List.of("eng_Latn", "deu_Latn", "fra_Latn"), dev.viewNames());
        assertEquals(List.of("d1"), dev.view("eng_Latn").texts());

        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.FLORES, List.of("deu_Latn"), 0));
        assertTrue(e.getMessage().contains("deu_Latn has a .dev file but no .devtest"), e.getMessage());
    }

    @Test
    void wrongFormatSuggestsTheRightOne() throws IOException {
        write("tatoeba.fra-eng.fra", "a\n");
        write("tatoeba.fra-eng.eng", "b\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0));
        assertTrue(e.getMessage().contains("--format tatoeba"), e.getMessage());

        BadInputException notDir = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp.resolve("tatoeba.fra-eng.fra"), CorpusFormat.FLORES, List.of(), 0));
        assertTrue(notDir.getMessage().contains("is a file"), notDir.getMessage());

        BadInputException missing = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp.resolve("nowhere"), CorpusFormat.FLORES, List.of(), 0));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void optionFilesAreNotFloresLanguages() throws IOException {
        write("eng_Latn_choice1.txt", "a\n");
        write("fra_Latn_choice1.txt", "b\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.FLORES, List.of(), 0));
        assertTrue(e.getMessage().contains("--format options"), e.getMessage());
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }
}
