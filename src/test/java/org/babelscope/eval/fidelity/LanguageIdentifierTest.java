package org.babelscope.eval.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.pemistahl.lingua.api.Language;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.babelscope.corpus.SharedData;
import org.junit.jupiter.api.Test;

class LanguageIdentifierTest {
    private static final String ENGLISH = "The quick brown fox jumps over the lazy dog while the children watch from the garden.";
    private static final String GERMAN = "Der schnelle braune Fuchs springt über den faulen Hund, während die Kinder im Garten zusehen.";
    private static final String FRENCH = "Le renard brun rapide saute par-dessus le chien paresseux pendant que les enfants regardent.";

    @Test
    void handWrittenSentencesAreIdentified() {
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("en", "de", "fr"))) {
            assertEquals(Optional.of(Language.ENGLISH), id.detect(ENGLISH));
            assertEquals(Optional.of(Language.GERMAN), id.detect(GERMAN));
            assertEquals(Optional.of(Language.FRENCH), id.detect(FRENCH));
        }
    }

    @Test
    void textWithoutLettersIsNotIdentified() {
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("de", "fr"))) {
            assertEquals(Optional.empty(), id.detect("42"));
            assertEquals(Optional.empty(), id.detect("3 + 4 = 7."));
            assertEquals(Optional.empty(), id.detect(""));
        }
    }

    @Test
    void floresCodesWorkAndEnglishIsAlwaysInPlay() {
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("deu_Latn", "fra_Latn"))) {
            assertEquals(Optional.of(Language.GERMAN), id.detect(GERMAN));
            assertEquals(Optional.of(Language.FRENCH), id.detect(FRENCH));
            // English is always in play, passed or not.
            assertEquals(Optional.of(Language.ENGLISH), id.detect(ENGLISH));
            assertTrue(id.supports("en"));
        }
    }

    @Test
    void unsupportedLanguagesAreLeftOut() {
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("de", "ht", "qu"))) {
            assertTrue(id.supports("de"));
            assertTrue(id.supports("deu_Latn"));
            assertTrue(id.supports("en"));
            assertFalse(id.supports("ht"));
            assertFalse(id.supports("qu"));
            assertFalse(id.supports("fr")); // supported by Lingua, but not in play
        }
    }

    @Test
    void onlyEnglishInPlayIdentifiesNothing() {
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("ht"))) {
            assertEquals(Optional.empty(), id.detect(ENGLISH));
        }
    }

    @Test
    void malformedCodesAreRejected() {
        for (String bad : List.of("", "123", "xx", "xx_Qqqq", "deut")) {
            assertThrows(IllegalArgumentException.class, () -> LanguageIdentifier.forLanguages(List.of(bad)), bad);
        }
    }

    @Test
    void closingOneIdentifierLeavesAnotherWorking() {
        LanguageIdentifier first = LanguageIdentifier.forLanguages(List.of("de", "fr"));
        try (LanguageIdentifier second = LanguageIdentifier.forLanguages(List.of("de", "fr"))) {
            first.close(); // drops the models the two share
            assertEquals(Optional.of(Language.GERMAN), second.detect(GERMAN));
            assertEquals(Optional.of(Language.FRENCH), second.detect("Bonjour, comment allez-vous aujourd'hui ?"));
        }
    }

    /**
     * Real FLORES-200 sentences: none may be called another language. A few that are mostly
     * English names ("Great Deeds by Swedish Kings") may be left unidentified.
     */
    @Test
    void floresSentencesAreIdentifiedAsTheirOwnLanguage() throws IOException {
        Path flores = SharedData.dir("flores200-devtest");
        List<String> codes = List.of("eng_Latn", "deu_Latn", "fra_Latn", "swh_Latn", "zho_Hans", "jpn_Jpan");
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(codes)) {
            for (String code : codes) {
                Language language = LanguageCodes.lingua(code).orElseThrow();
                List<String> sentences = Files.readAllLines(flores.resolve(code + ".devtest"), StandardCharsets.UTF_8)
                        .subList(0, 50);
                List<String> wrong = new ArrayList<>();
                int unidentified = 0;
                for (String s : sentences) {
                    Optional<Language> found = id.detect(s);
                    if (found.isEmpty()) {
                        unidentified++;
                    } else if (found.get() != language) {
                        wrong.add(found.get() + ": " + s);
                    }
                }
                assertEquals(List.of(), wrong, code);
                assertTrue(unidentified <= 2, code + ": " + unidentified + " of 50 unidentified");
            }
        }
    }
}
