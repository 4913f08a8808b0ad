package org.babelscope.calm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalmAnswerParserTest {
    private static final String LETTERS = "ABCDE";
    private static final AnswerMarkers MARKERS = AnswerMarkers.defaults();

    private static Optional<String> parse(String lang, String answer) {
        return MARKERS.parser(lang).parse(answer, LETTERS);
    }

    @Test
    void readsTheLetterAfterEveryLanguagesMarker() {
        assertEquals(Optional.of("C"), parse("en", "Explanation: because.\nAnswer: C"));
        assertEquals(Optional.of("B"), parse("zh", "解释:因为。\n答案:B"));
        assertEquals(Optional.of("B"), parse("cn", "解释:因为。\n答案:B"));
        assertEquals(Optional.of("A"), parse("fr", "Explication: car.\nRéponse: A. ville"));
        assertEquals(Optional.of("E"), parse("de", "Erklärung: weil.\nAntwort: E"));
        assertEquals(Optional.of("D"), parse("it", "Spiegazione: perché.\nRisposta: D"));
        assertEquals(Optional.of("A"), parse("ja", "説明:町\n\n答え:A. 町"));
        assertEquals(Optional.of("A"), parse("ja", "説明:どれか。\n\n回答:<A>"));
    }

    @Test
    void optionTextAfterTheLetterIsAllowed() {
        assertEquals(Optional.of("D"), parse("en", "Explanation: sports.\n\nAnswer: D. schools"));
        assertEquals(Optional.of("E"), parse("zh", "答案:E橱"));
    }

    @Test
    void fullWidthPunctuationAndLettersAreRead() {
        assertEquals(Optional.of("B"), parse("zh", "解释：因为。\n答案：B"));
        assertEquals(Optional.of("C"), parse("ja", "答え：Ｃ"));
        assertEquals(Optional.of("C"), parse("zh", "答案：（C）"));
    }

    @Test
    void lowerCaseMarkersAndLettersAreRead() {
        assertEquals(Optional.of("C"), parse("en", "answer: c"));
        assertEquals(Optional.of("D"), parse("en", "ANSWER: d. schools"));
        assertEquals(Optional.of("B"), parse("fr", "réponse : (b)"));
        // "a person" is English, not option A.
        assertEquals(Optional.empty(), parse("en", "Answer: a person who cares"));
    }

    @Test
    void theLastOfSeveralMarkersCounts() {
        assertEquals(Optional.of("C"), parse("de", "Antwort:Antwort: C. Kühlbox"));
        assertEquals(Optional.of("B"), parse("en", "Answer: A seems likely.\nOn reflection,\nAnswer: B"));
        assertEquals(Optional.of("B"), parse("de", "Answer: A\nAntwort: B"));
        // The final word counts: an earlier letter does not rescue a final non-answer.
        assertEquals(Optional.empty(), parse("en", "Answer: A\nAnswer: None of the options"));
    }

    @Test
    void decorationsAroundTheLetterAreSkipped() {
        assertEquals(Optional.of("B"), parse("en", "**Answer:** B"));
        assertEquals(Optional.of("A"), parse("en", "Answer: <A>"));
        assertEquals(Optional.of("E"), parse("en", "Answer:\nE"));
    }

    @Test
    void withoutAMarkerOnlyALetterStandingAloneAtTheEndCounts() {
        assertEquals(Optional.of("C"), parse("en", "Explanation: the hospital treats injuries.\n\nC"));
        assertEquals(Optional.of("C"), parse("en", "Explanation: the hospital treats injuries.\n(C)."));
        assertEquals(Optional.empty(), parse("en", "I think C is right because hospitals treat injuries."));
        assertEquals(Optional.empty(), parse("en", "I cannot answer this question. Can I help with something else?"));
        assertEquals(Optional.empty(), parse("en", "Explanation: ...\nc"));
    }

    @Test
    void lettersOutsideTheOptionsAndRunsOfLettersAreInvalid() {
        assertEquals(Optional.empty(), parse("en", "Answer: F"));
        assertEquals(Optional.empty(), parse("zh", "答案:BC"));
        assertEquals(Optional.empty(), parse("en", "Answer: None of the above"));
        assertEquals(Optional.empty(), parse("en", "Answer:"));
        assertEquals(Optional.of("B"), MARKERS.parser("en").parse("Answer: B", "AB"));
        assertEquals(Optional.empty(), MARKERS.parser("en").parse("Answer: C", "AB"));
    }

    @Test
    void aMarkersFileReplacesALanguagesListAndAddsLanguages(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("markers.json");
        Files.writeString(file, "{\"cn\": [\"最终答案\"], \"sw\": [\"Jibu\"]}");
        AnswerMarkers markers = AnswerMarkers.load(file);
        assertEquals(Optional.of("C"), markers.parser("zh").parse("最终答案：C", LETTERS));
        assertEquals(Optional.empty(), markers.parser("zh").parse("答案:C\n最终答案：不知道", LETTERS));
        assertEquals(Optional.of("A"), markers.parser("sw").parse("Jibu: A", LETTERS));
        assertThrows(BadInputException.class, () -> AnswerMarkers.defaults().parser("sw"));
        Files.writeString(file, "{\"en\": []}");
        assertThrows(BadInputException.class, () -> AnswerMarkers.load(file));
    }
}
