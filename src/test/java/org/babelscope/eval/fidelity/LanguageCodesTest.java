package org.babelscope.eval.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.pemistahl.lingua.api.Language;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.babelscope.corpus.SharedData;
import org.junit.jupiter.api.Test;

class LanguageCodesTest {
    @Test
    void theThreeSpellingsOfOneLanguageAgree() {
        for (String code : List.of("de", "deu", "deu_Latn", "DE", "deu-Latn", "german")) {
            assertEquals(Optional.of(Language.GERMAN), LanguageCodes.lingua(code), code);
        }
    }

    @Test
    void standardVarietiesMapToLinguasMacroLanguages() {
        assertEquals(Optional.of(Language.CHINESE), LanguageCodes.lingua("zh"));
        assertEquals(Optional.of(Language.CHINESE), LanguageCodes.lingua("cn")); // X-CSQA's file names
        assertEquals(Optional.of(Language.CHINESE), LanguageCodes.lingua("cmn"));
        assertEquals(Optional.of(Language.CHINESE), LanguageCodes.lingua("zho_Hans"));
        assertEquals(Optional.of(Language.CHINESE), LanguageCodes.lingua("zho_Hant"));
        assertEquals(Optional.of(Language.ARABIC), LanguageCodes.lingua("arb_Arab"));
        assertEquals(Optional.of(Language.SWAHILI), LanguageCodes.lingua("swh_Latn"));
        assertEquals(Optional.of(Language.MALAY), LanguageCodes.lingua("zsm_Latn"));
        assertEquals(Optional.of(Language.PERSIAN), LanguageCodes.lingua("pes_Arab"));
        assertEquals(Optional.of(Language.ESTONIAN), LanguageCodes.lingua("ekk"));
        assertEquals(Optional.of(Language.LATVIAN), LanguageCodes.lingua("lvs_Latn"));
        assertEquals(Optional.of(Language.ALBANIAN), LanguageCodes.lingua("als_Latn"));
    }

    @Test
    void dialectsAndLanguagesLinguaLacksAreUnsupported() {
        for (String code : List.of("ht", "qu", "arz_Arab", "yue", "amh_Ethi")) {
            assertEquals(Optional.empty(), LanguageCodes.lingua(code), code);
        }
    }

    @Test
    void malformedCodesAreRejected() {
        for (String bad : List.of("", "123", "xx", "xx_Qqqq", "deut")) {
            assertThrows(IllegalArgumentException.class, () -> LanguageCodes.lingua(bad), bad);
        }
    }

    /** Every FLORES-200 file name is a well-formed code; these are the ones Lingua 1.2.2 lacks. */
    @Test
    void floresLanguagesLinguaLacks() throws IOException {
        Path flores = SharedData.dir("flores200-devtest");
        try (Stream<Path> files = Files.list(flores)) {
            List<String> unsupported = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".devtest"))
                    .map(n -> n.substring(0, n.length() - ".devtest".length()))
                    .filter(code -> LanguageCodes.lingua(code).isEmpty())
                    .sorted()
                    .toList();
            assertEquals(List.of("acm_Arab", "amh_Ethi", "apc_Arab", "ars_Arab", "ary_Arab", "arz_Arab", "asm_Beng",
                    "ckb_Arab", "hau_Latn", "jav_Latn", "kan_Knda", "khm_Khmr", "kir_Cyrl", "lao_Laoo", "mal_Mlym",
                    "mya_Mymr", "npi_Deva", "ory_Orya", "pbt_Arab", "sin_Sinh", "snd_Arab", "sun_Latn", "uzn_Latn"),
                    unsupported);
        }
    }

    /** XCOPA's and MGSM's ISO 639-1 codes: all supported but Haitian Creole and Quechua. */
    @Test
    void xcopaAndMgsmLanguages() throws IOException {
        List<String> xcopa;
        try (Stream<Path> dirs = Files.list(SharedData.dir("xcopa").resolve("data"))) {
            xcopa = dirs.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("ht", "qu"), xcopa.stream().filter(c -> LanguageCodes.lingua(c).isEmpty()).toList());
        try (Stream<Path> files = Files.list(SharedData.dir("mgsm"))) {
            List<String> mgsm = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("mgsm_") && n.endsWith(".tsv"))
                    .map(n -> n.substring("mgsm_".length(), n.length() - ".tsv".length()))
                    .toList();
            assertEquals(11, mgsm.size());
            assertEquals(List.of(), mgsm.stream().filter(c -> LanguageCodes.lingua(c).isEmpty()).toList());
        }
    }
}
