package org.babelscope.eval.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.babelscope.corpus.SharedData;
import org.junit.jupiter.api.Test;

class OffTargetRateTest {
    private static final String GERMAN = "Der schnelle braune Fuchs springt über den faulen Hund, während die Kinder im Garten zusehen.";
    private static final String FRENCH = "Le renard brun rapide saute par-dessus le chien paresseux pendant que les enfants regardent.";

    @Test
    void anAnswerInAnotherLanguageIsOffTarget() {
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("de", "fr"))) {
            OffTargetRate rate = new OffTargetRate(id);
            rate.add("fr", FRENCH);
            rate.add("fr", GERMAN);
            rate.add("fr", "42");
            assertEquals(new OffTargetRate.Row(true, 3, 2, 1), rate.rows().get("fr"));
            assertEquals(0.5, rate.rows().get("fr").offTargetRate());
        }
    }

    @Test
    void unsupportedLanguagesAreCountedButNotJudged() {
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("de", "ht"))) {
            OffTargetRate rate = new OffTargetRate(id);
            rate.add("ht", GERMAN);
            rate.add("de", GERMAN);
            OffTargetRate.Row ht = rate.rows().get("ht");
            assertEquals(new OffTargetRate.Row(false, 1, 0, 0), ht);
            assertTrue(Double.isNaN(ht.offTargetRate()));
            assertEquals(List.of("ht", "de"), List.copyOf(rate.rows().keySet()));
        }
    }

    @Test
    void aSupportedLanguageLeftOutOfTheIdentifierIsAnError() {
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("de"))) {
            OffTargetRate rate = new OffTargetRate(id);
            assertThrows(IllegalArgumentException.class, () -> rate.add("fr", FRENCH));
            assertThrows(IllegalArgumentException.class, () -> rate.add("xx_Qqqq", FRENCH));
            assertTrue(rate.rows().isEmpty());
        }
    }

    /**
     * German sentences asked for in French are all off-target. zho_Hant answers stay on-target
     * although the identifier spells Chinese zho_Hans, the first of the two codes passed.
     */
    @Test
    void floresGermanAnswersToFrenchQuestionsAreOffTarget() throws IOException {
        Path flores = SharedData.dir("flores200-devtest");
        List<String> german = Files.readAllLines(flores.resolve("deu_Latn.devtest"), StandardCharsets.UTF_8).subList(0, 20);
        List<String> hant = Files.readAllLines(flores.resolve("zho_Hant.devtest"), StandardCharsets.UTF_8).subList(0, 20);
        try (LanguageIdentifier id = LanguageIdentifier.forLanguages(List.of("fra_Latn", "deu_Latn", "zho_Hans", "zho_Hant"))) {
            OffTargetRate rate = new OffTargetRate(id);
            german.forEach(s -> rate.add("fra_Latn", s));
            hant.forEach(s -> rate.add("zho_Hant", s));
            Map<String, OffTargetRate.Row> rows = rate.rows();
            OffTargetRate.Row fra = rows.get("fra_Latn");
            assertEquals(fra.identified(), fra.offTarget());
            assertTrue(fra.identified() >= 18, fra.toString());
            assertEquals(1.0, fra.offTargetRate());
            assertEquals(0, rows.get("zho_Hant").offTarget());
            assertFalse(rows.containsKey("deu_Latn"));
        }
    }
}
