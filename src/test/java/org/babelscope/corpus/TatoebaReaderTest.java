package org.babelscope.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Tatoeba pairs: each language with its own English side, pairs of different lengths. */
class TatoebaReaderTest {
    @TempDir
    Path tmp;

    @Test
    void everyPairBecomesTwoViewsOfItsOwnLength() {
        Path dir = SharedData.dir("tatoeba");
        Corpus corpus = Corpora.read(dir, CorpusFormat.TATOEBA, List.of(), 0);

        List<String> englishFiles = SharedData.namesEndingWith(dir, "-eng.eng");
        assertEquals(112, englishFiles.size(), "the README lists 112 languages");
        assertEquals(2 * englishFiles.size(), corpus.views().size());
        assertEquals("eng", corpus.pivot());
        long pairs = 0;
        for (String file : englishFiles) {
            String lang = file.substring("tatoeba.".length(), file.indexOf("-eng."));
            long n = SharedData.lineCount(dir.resolve(file));
            assertEquals(n, corpus.itemCount("eng-" + lang), file);
            assertEquals(SharedData.lineCount(dir.resolve("tatoeba." + lang + "-eng." + lang)), corpus.itemCount(lang));
            assertEquals(Optional.of("eng-" + lang), corpus.pivotFor(lang));
            assertEquals(Optional.empty(), corpus.pivotFor("eng-" + lang));
            pairs += n;
        }
        assertFalse(corpus.isLineAligned(), "pairs have different lengths");
        assertEquals(pairs, corpus.nItems(), "nItems of a paired corpus sums the pairs");
        assertEquals(104, corpus.itemCount("tzl"), "the shortest pair, counted with wc -l");
    }

    @Test
    void sidesOfAPairAreItsTwoFilesInOrder() {
        Path dir = SharedData.dir("tatoeba");
        Corpus corpus = Corpora.read(dir, CorpusFormat.TATOEBA, List.of("fra", "deu"), 3);
        assertEquals(List.of("eng-deu", "deu", "eng-fra", "fra"), corpus.viewNames());
        assertEquals(List.of("deu", "fra"), corpus.languages());
        // Checked by hand against tatoeba.fra-eng.fra and tatoeba.fra-eng.eng, lines 1 and 2.
        assertEquals("Au commencement, Dieu créa le ciel et la terre.", corpus.view("fra").text(0));
        assertEquals("In the beginning God created the heaven and the earth.", corpus.view("eng-fra").text(0));
        assertEquals("We agree with you.", corpus.view("eng-fra").text(1));
        assertEquals(3, corpus.itemCount("fra"));
        assertEquals(SharedData.lines(dir.resolve("tatoeba.deu-eng.eng")).subList(0, 3), corpus.view("eng-deu").texts());
        assertTrue(corpus.isLineAligned(), "with a limit below every pair's length all views are 3 long");
    }

    @Test
    void englishAloneSelectsNothing() {
        Path dir = SharedData.dir("tatoeba");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(dir, CorpusFormat.TATOEBA, List.of("eng"), 0));
        assertTrue(e.getMessage().contains("select at least one"), e.getMessage());
    }

    @Test
    void unalignedPairIsAnError() throws IOException {
        Files.writeString(tmp.resolve("tatoeba.fra-eng.fra"), "un\ndeux\n");
        Files.writeString(tmp.resolve("tatoeba.fra-eng.eng"), "one\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.TATOEBA, List.of(), 0));
        assertTrue(e.getMessage().contains("tatoeba.fra-eng.fra has 2 lines"), e.getMessage());
        assertTrue(e.getMessage().contains("tatoeba.fra-eng.eng has 1"), e.getMessage());
    }

    @Test
    void missingSideIsAnError() throws IOException {
        Files.writeString(tmp.resolve("tatoeba.fra-eng.fra"), "un\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.TATOEBA, List.of(), 0));
        assertTrue(e.getMessage().contains("tatoeba.fra-eng.eng is missing"), e.getMessage());
    }

    @Test
    void otherPivotsAndSplitsAreRefused() throws IOException {
        Files.writeString(tmp.resolve("tatoeba.fra-eng.fra"), "un\n");
        Files.writeString(tmp.resolve("tatoeba.fra-eng.eng"), "one\n");
        assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.TATOEBA, ReadOptions.all().withPivot("fra")));
        assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.TATOEBA, ReadOptions.all().withSplit("test")));
    }

    @Test
    void floresFolderIsNotTatoeba() {
        Path dir = SharedData.dir("flores200-devtest");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(dir, CorpusFormat.TATOEBA, List.of(), 0));
        assertTrue(e.getMessage().contains("--format flores"), e.getMessage());
    }
}
