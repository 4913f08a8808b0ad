package org.babelscope.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Language keys of different sources brought to one ISO 639-3 code, and matched. */
class LanguageKeysTest {
    @Test
    void canonicalCodes() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("de", "deu"), Map.entry("deu_Latn", "deu"), Map.entry("german", "deu"),
                Map.entry("German", "deu"), Map.entry("deu", "deu"),
                Map.entry("cn", "zho"), Map.entry("zh", "zho"), Map.entry("zho_Hans", "zho"),
                Map.entry("zho_Hant", "zho"), Map.entry("cmn_Hani", "zho"), Map.entry("chinese", "zho"),
                Map.entry("arb_Arab", "ara"), Map.entry("ar", "ara"), Map.entry("arabic", "ara"),
                Map.entry("swh_Latn", "swa"), Map.entry("sw", "swa"), Map.entry("swahili", "swa"),
                Map.entry("basque", "eus"), Map.entry("eu", "eus"), Map.entry("eus_Latn", "eus"),
                Map.entry("burmese", "mya"), Map.entry("it", "ita"), Map.entry("en", "eng"),
                Map.entry("eng_Latn", "eng"), Map.entry("english", "eng"), Map.entry("pt-BR", "por"),
                Map.entry("quy_Latn", "que"), Map.entry("indonesian", "ind"), Map.entry("he", "heb"));
        expected.forEach((key, code) -> assertEquals(Optional.of(code), LanguageKeys.canonical(key), key));
        assertEquals(Optional.empty(), LanguageKeys.canonical("eng-it"));
        assertEquals(Optional.empty(), LanguageKeys.canonical("klingonish"));
        assertEquals(Optional.empty(), LanguageKeys.canonical("xx"));
    }

    @Test
    void pivotKeysAndOptionViews() {
        assertEquals(Optional.of("it"), LanguageKeys.pivotPartner("eng-it"));
        assertEquals(Optional.empty(), LanguageKeys.pivotPartner("eng_Latn"));
        assertEquals("it", LanguageKeys.optionBase("it.opt2"));
        assertEquals("deu_Latn", LanguageKeys.optionBase("deu_Latn"));
        Pivot pivot = new Pivot("eng_Latn");
        assertTrue(pivot.reason("eng-it").isPresent());
        assertTrue(pivot.reason("eng_Latn.opt1").isPresent());
        assertTrue(pivot.reason("en").isPresent());
        assertTrue(pivot.reason("english").isPresent());
        assertTrue(pivot.reason("it").isEmpty());
    }

    @Test
    void matchingExactThenCodesAndEverythingLeftOutIsReported() {
        LanguageKeys keys = new LanguageKeys();
        LanguageKeys.Matching m = keys.match(List.of("deu_Latn", "it", "german2", "zho_Hans", "fra_Latn"), "alignment",
                List.of("de", "it", "cn", "yo"), "accuracy");
        assertEquals(List.of(
                new LanguageKeys.Match("deu_Latn", "de", "deu", "ISO 639-3"),
                new LanguageKeys.Match("it", "it", "ita", "exact"),
                new LanguageKeys.Match("zho_Hans", "cn", "zho", "ISO 639-3")), m.matched());
        assertEquals(3, m.leftOut().size(), m.leftOut().toString());
        assertTrue(m.leftOut().stream().anyMatch(l -> l.key().equals("german2") && l.reason().contains("--lang-map")));
        assertTrue(m.leftOut().stream().anyMatch(l -> l.key().equals("fra_Latn") && l.source().equals("alignment")));
        assertTrue(m.leftOut().stream().anyMatch(l -> l.key().equals("yo") && l.source().equals("accuracy")));
    }

    @Test
    void ambiguousCodesAreNotGuessedAndLangMapDecides() {
        LanguageKeys plain = new LanguageKeys();
        LanguageKeys.Matching m = plain.match(List.of("zho_Hans", "zho_Hant"), "alignment", List.of("zh"), "accuracy");
        assertTrue(m.matched().isEmpty());
        assertEquals(3, m.leftOut().size());
        assertTrue(m.leftOut().get(0).reason().startsWith("ambiguous"));

        LanguageKeys mapped = new LanguageKeys(Map.of("zh", "zho_Hant", "klingon", "tlh"));
        LanguageKeys.Matching n = mapped.match(List.of("zho_Hans", "zho_Hant", "tlh"), "alignment",
                List.of("zh", "klingon"), "accuracy");
        assertEquals(List.of(new LanguageKeys.Match("zho_Hant", "zh", "zho", "--lang-map"),
                new LanguageKeys.Match("tlh", "klingon", "tlh", "--lang-map")), n.matched());
        assertEquals(1, n.leftOut().size());
        assertEquals("zho_Hans", n.leftOut().get(0).key());
    }
}
