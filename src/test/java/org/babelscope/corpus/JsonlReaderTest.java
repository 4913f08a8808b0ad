package org.babelscope.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The generic JSON Lines reader on small files. */
class JsonlReaderTest {
    @TempDir
    Path tmp;
    private int files;

    @Test
    void keysAreViewsAndLinesAreItems() throws IOException {
        Path file = write("""
                {"fra_Latn": "Bonjour.", "eng_Latn": "Hello.", "deu_Latn": "Hallo."}

                {"eng_Latn": "Thanks.", "deu_Latn": "Danke.", "fra_Latn": "Merci.\\nBeaucoup."}
                """);
        Corpus corpus = Corpora.read(file, CorpusFormat.JSONL, List.of(), 0);
        assertEquals("corpus", corpus.name());
        assertEquals("eng_Latn", corpus.pivot(), "English wins over the first key");
        assertEquals(List.of("fra_Latn", "eng_Latn", "deu_Latn"), corpus.viewNames(), "the first line's key order");
        assertEquals(List.of("Bonjour.", "Merci.\nBeaucoup."), corpus.view("fra_Latn").texts(),
                "the blank line is no item; escaped newlines stay in the text");
        assertEquals(Optional.of("eng_Latn"), corpus.pivotFor("deu_Latn"));
    }

    @Test
    void firstKeyIsThePivotWithoutEnglishAndPivotCanBeNamed() throws IOException {
        Path file = write("{\"fra\": \"a\", \"deu\": \"b\", \"spa\": \"c\"}\n");
        assertEquals("fra", Corpora.read(file, CorpusFormat.JSONL, List.of(), 0).pivot());
        Corpus named = Corpora.read(file, CorpusFormat.JSONL, ReadOptions.all().withPivot("spa").withLangs(List.of("deu")));
        assertEquals(List.of("deu", "spa"), named.viewNames());
        assertEquals(Optional.of("spa"), named.pivotFor("deu"));
        Path en = write("{\"fr\": \"a\", \"en\": \"b\"}\n");
        assertEquals("en", Corpora.read(en, CorpusFormat.JSONL, List.of(), 0).pivot());
    }

    @Test
    void pairedAndOptionViewsFollowTheNamingRule() throws IOException {
        Path file = write("""
                {"eng-fra": "e1", "fra": "f1", "eng-deu": "E1", "deu": "d1"}
                {"eng-fra": "e2", "fra": "f2", "eng-deu": "E2", "deu": "d2"}
                """);
        Corpus corpus = Corpora.read(file, CorpusFormat.JSONL, List.of("fra"), 1);
        assertEquals("eng", corpus.pivot());
        assertEquals(List.of("eng-fra", "fra"), corpus.viewNames());
        assertEquals(Optional.of("eng-fra"), corpus.pivotFor("fra"));
        assertEquals(List.of("e1"), corpus.view("eng-fra").texts());
    }

    @Test
    void inconsistentKeysNameTheLine() throws IOException {
        Path file = write("""
                {"eng": "a", "fra": "b"}
                {"eng": "c", "fra": "d"}
                {"eng": "e", "deu": "f"}
                """);
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(file, CorpusFormat.JSONL, List.of(), 0));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("missing [fra]") && e.getMessage().contains("unexpected [deu]"), e.getMessage());
    }

    @Test
    void keysAreCheckedEvenBeyondTheLimit() throws IOException {
        Path file = write("{\"eng\": \"a\", \"fra\": \"b\"}\n{\"eng\": \"c\"}\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(file, CorpusFormat.JSONL, List.of(), 1));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void malformedLinesAreErrorsWithTheirLine() throws IOException {
        assertMessage(write("{\"eng\": \"a\"}\n{\"eng\": \"b\"\n"), "line 2", "not valid JSON");
        assertMessage(write("{\"eng\": \"a\"}\n[\"b\"]\n"), "line 2", "expected a JSON object");
        assertMessage(write("{\"eng\": \"a\", \"fra\": 3}\n"), "line 1, key \"fra\"", "must be a JSON string");
        assertMessage(write("{\"eng\": \"a\", \"eng\": \"b\"}\n"), "line 1", "Duplicate field");
        assertMessage(write("{\"eng\": \"a\\u0000b\"}\n"), "line 1", "NUL");
        assertMessage(write("{\"eng\": \"a\\ud800b\"}\n"), "line 1", "surrogate");
        assertMessage(write("{\"en-US\": \"a\"}\n"), "en-US", "write '_' instead (en_US)");
        assertMessage(write("{\"eng\": \"a\", \"fr.CA\": \"b\"}\n"), "line 1", "is not <lang>");
        assertMessage(write("\n\n"), "no JSON objects", ".jsonl");
    }

    @Test
    void unknownLanguageAndFolderInsteadOfFile() throws IOException {
        Path file = write("{\"eng\": \"a\", \"fra\": \"b\"}\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(file, CorpusFormat.JSONL, List.of("deu"), 0));
        assertTrue(e.getMessage().contains("unknown language deu") && e.getMessage().contains("fra"), e.getMessage());
        BadInputException folder = assertThrows(BadInputException.class,
                () -> Corpora.read(tmp, CorpusFormat.JSONL, List.of(), 0));
        assertTrue(folder.getMessage().contains("is a folder")
                && folder.getMessage().contains("give the file itself"), folder.getMessage());
    }

    private void assertMessage(Path file, String part1, String part2) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Corpora.read(file, CorpusFormat.JSONL, List.of(), 0));
        assertTrue(e.getMessage().contains(part1) && e.getMessage().contains(part2), e.getMessage());
    }

    private Path write(String text) throws IOException {
        Path file = tmp.resolve(files++ == 0 ? "corpus.jsonl" : "corpus" + files + ".jsonl");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
