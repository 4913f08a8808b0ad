package org.babelscope.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option folders: Belebele (eng_Latn, 4 options), XStoryCloze (english, 2 options), and errors. */
class OptionsReaderTest {
    @TempDir
    Path tmp;

    @Test
    void belebeleHasFourOptionViewsPerLanguage() {
        Path dir = SharedData.dir("belebele-options");
        Corpus corpus = Corpora.read(dir, CorpusFormat.OPTIONS, List.of(), 0);

        List<String> files = SharedData.namesEndingWith(dir, ".txt");
        assertEquals(32, files.size(), "8 languages x 4 options");
        assertEquals(files.size(), corpus.views().size());
        assertEquals("eng_Latn", corpus.pivot());
        assertEquals(List.of("eng_Latn.opt1", "eng_Latn.opt2", "eng_Latn.opt3", "eng_Latn.opt4"),
                corpus.viewNames().subList(0, 4), "options numbered as in the file names, 1..4");
        for (String file : files) {
            // amh_Ethi_choice3.txt -> amh_Ethi.opt3
            String view = file.replace("_choice", ".opt").replace(".txt", "");
            assertEquals(SharedData.lineCount(dir.resolve(file)), corpus.itemCount(view), file);
        }
        assertEquals(900, corpus.nItems());
        assertEquals(Optional.of("eng_Latn.opt3"), corpus.pivotFor("fra_Latn.opt3"));
        assertEquals(Optional.empty(), corpus.pivotFor("eng_Latn.opt3"));
        assertEquals(List.of("amh_Ethi", "deu_Latn", "fra_Latn", "hin_Deva", "jpn_Jpan", "swh_Latn", "zho_Hans"),
                corpus.languages());
    }

    @Test
    void optionTextsComeFromTheirFiles() {
        Path dir = SharedData.dir("belebele-options");
        Corpus corpus = Corpora.read(dir, CorpusFormat.OPTIONS, List.of("fra_Latn"), 10);
        assertEquals(8, corpus.views().size());
        assertEquals(10, corpus.nItems());
        // Checked by hand: line 1 of eng_Latn_choice2.txt ends with its answer option.
        assertTrue(corpus.view("eng_Latn.opt2").text(0).endsWith(
                "Keep unnecessary movement to a minimum in order to preserve your stamina"));
        assertEquals(SharedData.lines(dir.resolve("fra_Latn_choice3.txt")).subList(0, 10),
                corpus.view("fra_Latn.opt3").texts());
    }

    @Test
    void xstoryclozeFindsEnglishByItsFullName() {
        Path dir = SharedData.dir("xstorycloze-options");
        Corpus corpus = Corpora.read(dir, CorpusFormat.OPTIONS, List.of(), 0);
        assertEquals("english", corpus.pivot());
        assertEquals(22, corpus.views().size());
        assertEquals(SharedData.lineCount(dir.resolve("english_choice1.txt")), corpus.nItems());
        assertEquals(1511, corpus.nItems());
        assertEquals(Optional.of("english.opt2"), corpus.pivotFor("russian.opt2"));
        // Checked by hand: the first story, second ending.
        assertTrue(corpus.view("english.opt2").text(0).endsWith("Eventually I watched them all."));
        assertTrue(corpus.view("russian.opt1").text(1510).startsWith("Мэгги была напугана"));
    }

    @Test
    void pivotCanBeNamed() {
        Path dir = SharedData.dir("xstorycloze-options");
        Corpus corpus = Corpora.read(dir, CorpusFormat.OPTIONS,
                ReadOptions.all().withPivot("spanish").withLangs(List.of("english", "basque")).withLimit(4));
        assertEquals(List.of("spanish.opt1", "spanish.opt2", "basque.opt1", "basque.opt2", "english.opt1", "english.opt2"),
                corpus.viewNames());
        assertEquals(Optional.of("spanish.opt1"), corpus.pivotFor("english.opt1"));

        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(dir, CorpusFormat.OPTIONS, ReadOptions.all().withPivot("klingon")));
        assertTrue(e.getMessage().contains("pivot klingon") && e.getMessage().contains("arabic"), e.getMessage());
    }

    @Test
    void languagesMustHaveTheSameOptions() throws IOException {
        write("eng_Latn", 1, "a\n");
        write("eng_Latn", 2, "b\n");
        write("fra_Latn", 1, "c\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.OPTIONS, List.of(), 0));
        assertTrue(e.getMessage().contains("different options"), e.getMessage());
    }

    @Test
    void mismatchedLineCountsNameTheFiles() throws IOException {
        write("eng_Latn", 1, "a\nb\n");
        write("eng_Latn", 2, "a\nb\n");
        write("fra_Latn", 1, "a\nb\n");
        write("fra_Latn", 2, "a\nb\nc\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.OPTIONS, List.of(), 0));
        assertTrue(e.getMessage().contains("eng_Latn_choice1.txt has 2 lines"), e.getMessage());
        assertTrue(e.getMessage().contains("fra_Latn_choice2.txt has 3"), e.getMessage());
    }

    @Test
    void noEnglishWithoutANamedPivotIsAnError() throws IOException {
        write("fra_Latn", 0, "a\n");
        write("deu_Latn", 0, "b\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.OPTIONS, List.of(), 0));
        assertTrue(e.getMessage().contains("no English"), e.getMessage());
        Corpus corpus = Corpora.read(tmp, CorpusFormat.OPTIONS, ReadOptions.all().withPivot("deu_Latn"));
        assertEquals(List.of("deu_Latn.opt0", "fra_Latn.opt0"), corpus.viewNames(), "k = 0 is kept as written");
    }

    @Test
    void unknownLanguageAndWrongFormat() throws IOException {
        Path dir = SharedData.dir("belebele-options");
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> Corpora.read(dir, CorpusFormat.OPTIONS, List.of("fra"), 0));
        assertTrue(unknown.getMessage().contains("unknown language fra") && unknown.getMessage().contains("fra_Latn"),
                unknown.getMessage());
        BadInputException wrong = assertThrows(BadInputException.class,
                () -> Corpora.read(dir, CorpusFormat.FLORES, List.of(), 0));
        assertTrue(wrong.getMessage().contains("--format options"), wrong.getMessage());
    }

    private void write(String lang, int k, String text) throws IOException {
        Files.writeString(tmp.resolve(lang + "_choice" + k + ".txt"), text);
    }
}
