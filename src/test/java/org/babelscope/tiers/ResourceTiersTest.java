package org.babelscope.tiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.babelscope.corpus.SharedData;
import org.babelscope.stats.LanguageKeys;
import org.junit.jupiter.api.Test;

/** The built-in tier table: hand-checked entries, key spellings, strict loading, coverage of ../shared/data. */
class ResourceTiersTest {
    @Test
    void handCheckedEntries() {
        Map<String, Tier> expected = Map.ofEntries(
                Map.entry("en", Tier.HIGH), Map.entry("de", Tier.HIGH), Map.entry("fr", Tier.HIGH),
                Map.entry("zh", Tier.HIGH), Map.entry("ja", Tier.HIGH), Map.entry("arb_Arab", Tier.HIGH),
                Map.entry("ru", Tier.HIGH), Map.entry("hi", Tier.HIGH),
                Map.entry("id", Tier.MEDIUM), Map.entry("th", Tier.MEDIUM), Map.entry("ta", Tier.MEDIUM),
                Map.entry("sw", Tier.LOW), Map.entry("qu", Tier.LOW), Map.entry("ht", Tier.LOW),
                Map.entry("te", Tier.LOW), Map.entry("arz_Arab", Tier.LOW));
        expected.forEach((key, tier) -> assertEquals(Optional.of(tier), ResourceTiers.of(key), key));
        assertEquals(OptionalInt.of(5), ResourceTiers.joshiClass("eng_Latn"));
        assertEquals(OptionalInt.of(3), ResourceTiers.joshiClass("indonesian"));
        assertEquals(OptionalInt.of(2), ResourceTiers.joshiClass("swh_Latn"));
        assertEquals(OptionalInt.of(1), ResourceTiers.joshiClass("quy_Latn"));
    }

    @Test
    void spellingsOfOneLanguageAgree() {
        for (String key : List.of("de", "deu", "deu_Latn", "german", "German")) {
            assertEquals(Optional.of(Tier.HIGH), ResourceTiers.of(key), key);
            assertEquals(OptionalInt.of(5), ResourceTiers.joshiClass(key), key);
        }
        for (String key : List.of("sw", "swa", "swh", "swh_Latn", "swahili")) {
            assertEquals(Optional.of(Tier.LOW), ResourceTiers.of(key), key);
        }
        for (String key : List.of("zh", "cn", "cmn", "zho_Hans", "zho_Hant", "chinese")) {
            assertEquals(Optional.of(Tier.HIGH), ResourceTiers.of(key), key);
        }
        // canonical() reads "no" as the macro-language nor but keeps FLORES's nob apart: both have rows
        for (String key : List.of("no", "norwegian", "nb", "nob_Latn")) {
            assertEquals(OptionalInt.of(1), ResourceTiers.joshiClass(key), key);
        }
    }

    @Test
    void unreadableAndPivotKeysAndMissingCodesGiveEmpty() {
        for (String key : List.of("eng-it", "eng-de", "klingonish", "xx", "", "  ", "zzz")) {
            assertEquals(Optional.empty(), ResourceTiers.of(key), "\"" + key + "\"");
            assertEquals(OptionalInt.empty(), ResourceTiers.joshiClass(key), "\"" + key + "\"");
        }
    }

    @Test
    void cliNamesAndClassMapping() {
        assertEquals(List.of("high", "medium", "low"), Stream.of(Tier.values()).map(Tier::cliName).toList());
        assertEquals(List.of(Tier.LOW, Tier.LOW, Tier.LOW, Tier.MEDIUM, Tier.HIGH, Tier.HIGH),
                Stream.of(0, 1, 2, 3, 4, 5).map(Tier::ofJoshiClass).toList());
        assertThrows(IllegalArgumentException.class, () -> Tier.ofJoshiClass(6));
        assertThrows(IllegalArgumentException.class, () -> Tier.ofJoshiClass(-1));
    }

    @Test
    void theBuiltInTableLoads() {
        assertTrue(ResourceTiers.size() > 100, "rows: " + ResourceTiers.size());
    }

    @Test
    void brokenTablesAreRejectedNamingTheLine() {
        String header = "# a comment\n" + TierTable.HEADER + "\n";
        assertEquals(2, parse(header + "deu\t5\thigh\tGerman\t\nswa\t2\tlow\tSwahili\n").size());
        assertRejected(header + "deu\t5\thigh\tGerman\t\ndeu\t4\thigh\tGerman\t\n", "line 4", "twice");
        assertRejected(header + "deu\t6\thigh\tGerman\t\n", "line 3", "outside 0..5");
        assertRejected(header + "deu\tfive\thigh\tGerman\t\n", "line 3", "not a number");
        assertRejected(header + "deu\t3\thigh\tGerman\t\n", "line 3", "does not follow from class 3");
        assertRejected(header + "deu\t4\tmedium\tGerman\t\n", "line 3", "does not follow from class 4");
        assertRejected(header + "deu 5 high German\n", "line 3", "columns");
        assertRejected(header + "de\t5\thigh\tGerman\t\n", "line 3", "not an ISO 639-3 code");
        assertRejected(header + "deu\t5\thigh\t\t\n", "line 3", "no name");
        assertRejected("deu\t5\thigh\tGerman\t\n", "line 1", "expected the header");
        assertRejected("# only comments\n", "no header", "");
    }

    private static TierTable parse(String table) {
        return TierTable.parse(new StringReader(table), "test.tsv");
    }

    private static void assertRejected(String table, String where, String why) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse(table));
        assertTrue(e.getMessage().contains("test.tsv") && e.getMessage().contains(where) && e.getMessage().contains(why),
                e.getMessage());
    }

    /** Every language of every data set in ../shared/data has a tier (FLORES's eng_Latn and Tatoeba's eng included). */
    @Test
    void everyLanguageOfTheSharedDataHasATier() {
        TreeSet<String> keys = new TreeSet<>();
        keys.addAll(names(SharedData.dir("flores200-devtest"), "(.+)\\.devtest"));
        keys.addAll(names(SharedData.dir("xcopa").resolve("data"), "([a-z]+)"));
        keys.addAll(names(SharedData.dir("xcopa").resolve("data-gmt"), "([a-z]+)"));
        keys.addAll(names(SharedData.dir("mgsm"), "mgsm_(.+)\\.tsv"));
        Path xcsqa = SharedData.dir("xcsqa");
        keys.addAll(names(xcsqa.resolve("test"), "x_csqa_(.+)_(?:test|train)\\.json"));
        keys.addAll(names(xcsqa.resolve("samples"), "x_csqa_(.+)_train_sampled\\.json"));
        keys.addAll(names(xcsqa.resolve("train").resolve("dpo"), "DPO_(.+)\\.json"));
        keys.addAll(names(SharedData.dir("belebele-options"), "(.+)_choice\\d+\\.txt"));
        keys.addAll(names(SharedData.dir("xstorycloze-options"), "(.+)_choice\\d+\\.txt"));
        keys.addAll(names(SharedData.dir("tatoeba"), "tatoeba\\.[a-z]+-eng\\.([a-z]+)"));

        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (ResourceTiers.of(key).isEmpty()) {
                missing.add(key + " (" + LanguageKeys.canonical(key).orElse("unreadable") + ")");
            }
        }
        assertTrue(keys.size() > 150, "keys found: " + keys);
        assertEquals(List.of(), missing, "languages of ../shared/data without a tier");
    }

    /** The first group of {@code pattern} for each name in {@code dir} that matches it. */
    private static List<String> names(Path dir, String pattern) {
        Pattern p = Pattern.compile(pattern);
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> p.matcher(f.getFileName().toString())).filter(Matcher::matches).map(m -> m.group(1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
