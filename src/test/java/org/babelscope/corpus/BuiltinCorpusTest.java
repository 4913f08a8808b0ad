package org.babelscope.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.Character.UnicodeScript;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in mini parallel corpus: complete, aligned, and written in the scripts its names say. */
class BuiltinCorpusTest {
    /** ISO 15924 suffix of a view name -> the Unicode scripts its letters may use. */
    private static final Map<String, Set<UnicodeScript>> SCRIPTS = Map.of(
            "Latn", EnumSet.of(UnicodeScript.LATIN),
            "Cyrl", EnumSet.of(UnicodeScript.CYRILLIC),
            "Grek", EnumSet.of(UnicodeScript.GREEK),
            "Deva", EnumSet.of(UnicodeScript.DEVANAGARI),
            "Arab", EnumSet.of(UnicodeScript.ARABIC),
            "Hans", EnumSet.of(UnicodeScript.HAN),
            "Jpan", EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA));

    private final Corpus corpus = BuiltinCorpus.load();

    @Test
    void everyViewHasEveryItem() throws IOException {
        int lines = 0;
        try (InputStream in = BuiltinCorpus.class.getResourceAsStream(BuiltinCorpus.RESOURCE);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines += line.isBlank() ? 0 : 1;
            }
        }
        assertEquals(40, lines);
        assertTrue(corpus.isLineAligned());
        assertEquals(lines, corpus.nItems());
        assertEquals("eng_Latn", corpus.pivot());
        assertEquals(BuiltinCorpus.NAME, corpus.name());
        for (View view : corpus.views()) {
            assertEquals(lines, view.size(), view.name());
            for (String text : view.texts()) {
                assertFalse(text.isBlank(), view.name());
                assertEquals(text.strip(), text, view.name() + ": no stray spaces");
            }
        }
    }

    @Test
    void elevenLanguagesInSevenScripts() {
        assertEquals(List.of("eng_Latn", "fra_Latn", "deu_Latn", "spa_Latn", "swh_Latn", "rus_Cyrl", "ell_Grek",
                "hin_Deva", "arb_Arab", "zho_Hans", "jpn_Jpan"), corpus.viewNames());
        Set<UnicodeScript> seen = new HashSet<>();
        for (View view : corpus.views()) {
            String suffix = view.name().substring(view.name().indexOf('_') + 1);
            Set<UnicodeScript> allowed = SCRIPTS.get(suffix);
            for (String text : view.texts()) {
                int letters = 0;
                for (int cp : text.codePoints().toArray()) {
                    if (!Character.isLetter(cp)) {
                        continue;
                    }
                    UnicodeScript script = UnicodeScript.of(cp);
                    if (script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED) {
                        continue; // the Japanese long-vowel mark ー belongs to no one script
                    }
                    assertTrue(allowed.contains(script), view.name() + ": " + new String(Character.toChars(cp))
                            + " is " + script + " in \"" + text + "\"");
                    seen.add(script);
                    letters++;
                }
                assertTrue(letters > 0, view.name() + ": no letters in \"" + text + "\"");
            }
        }
        assertEquals(8, seen.size(), "Latin, Cyrillic, Greek, Devanagari, Arabic, Han, Hiragana, Katakana");
    }

    @Test
    void japaneseIsNotChinese() {
        // Every Japanese sentence carries kana, which Chinese never does.
        for (String text : corpus.view("jpn_Jpan").texts()) {
            assertTrue(text.codePoints().anyMatch(cp -> UnicodeScript.of(cp) == UnicodeScript.HIRAGANA), text);
        }
    }

    @Test
    void translationsAreTranslationsNotCopies() {
        List<String> english = corpus.view("eng_Latn").texts();
        for (View view : corpus.views()) {
            if (!view.name().equals("eng_Latn")) {
                for (int i = 0; i < english.size(); i++) {
                    assertNotEquals(english.get(i), view.text(i), view.name() + " item " + i);
                }
            }
            assertEquals(english.size(), new HashSet<>(view.texts()).size(), view.name() + ": sentences are distinct");
        }
    }

    @Test
    void questionsStayQuestionsInEveryLanguage() {
        // Greek writes the question mark as ';', Arabic as '؟', Chinese and Japanese full width.
        Set<String> marks = Set.of("?", "？", ";", "؟");
        List<String> english = corpus.view("eng_Latn").texts();
        for (View view : corpus.views()) {
            for (int i = 0; i < english.size(); i++) {
                String last = view.text(i).substring(view.text(i).length() - 1);
                assertEquals(english.get(i).endsWith("?"), marks.contains(last), view.name() + ": " + view.text(i));
            }
        }
    }

    @Test
    void languagesAndLimitWorkAsForAnyJsonlCorpus() {
        Corpus small = BuiltinCorpus.load(ReadOptions.all().withLangs(List.of("jpn_Jpan", "hin_Deva")).withLimit(5));
        assertEquals(List.of("eng_Latn", "hin_Deva", "jpn_Jpan"), small.viewNames());
        assertEquals(5, small.nItems());
        assertEquals(Optional.of("eng_Latn"), small.pivotFor("jpn_Jpan"));
        assertEquals(corpus.view("hin_Deva").texts().subList(0, 5), small.view("hin_Deva").texts());
    }
}
