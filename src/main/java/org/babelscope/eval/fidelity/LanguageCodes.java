package org.babelscope.eval.fidelity;

import com.github.pemistahl.lingua.api.Language;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps babelscope's language codes to Lingua's {@link Language}s. Codes come in three spellings:
 * ISO 639-1 ({@code de}, as MGSM, XCOPA and X-CSQA name their files), ISO 639-3 ({@code deu}) and
 * FLORES-200 ({@code deu_Latn}: ISO 639-3, underscore, ISO 15924 script).
 *
 * <p>A code of none of these shapes (empty, {@code 123}, {@code DE}, {@code xx_Qqqq}) is a caller's
 * mistake and throws {@link IllegalArgumentException}. A well-shaped code that Lingua has no model
 * for gives {@link Optional#empty()}: the language is unsupported, never guessed. Only the shape is
 * checked, not the ISO registry, so a well-shaped code that names no language at all ({@code xx})
 * is reported as unsupported too. The script of a FLORES-200 code is not checked against the one
 * Lingua was trained on.
 */
public final class LanguageCodes {
    private static final Pattern ISO_639_1 = Pattern.compile("[a-z]{2}");
    private static final Pattern ISO_639_3 = Pattern.compile("[a-z]{3}");
    private static final Pattern FLORES_200 = Pattern.compile("([a-z]{3})_[A-Z][a-z]{3}");

    private static final Map<String, Language> BY_ISO_639_1 = new HashMap<>();
    private static final Map<String, Language> BY_ISO_639_3 = new HashMap<>();

    static {
        for (Language l : Language.values()) {
            if (l != Language.UNKNOWN) {
                BY_ISO_639_1.put(lowerName(l.getIsoCode639_1()), l);
                BY_ISO_639_3.put(lowerName(l.getIsoCode639_3()), l);
            }
        }
        // X-CSQA names its Chinese files "cn" (a country code, not ISO 639-1).
        BY_ISO_639_1.put("cn", Language.CHINESE);
        // Lingua models the macro-languages; our data (FLORES-200, Tatoeba) uses the ISO 639-3 code
        // of the standard variety each of those models is in practice: same language, other code.
        BY_ISO_639_3.put("cmn", Language.CHINESE); // Mandarin
        BY_ISO_639_3.put("arb", Language.ARABIC); // Modern Standard Arabic
        BY_ISO_639_3.put("swh", Language.SWAHILI);
        BY_ISO_639_3.put("zsm", Language.MALAY); // Standard Malay
        BY_ISO_639_3.put("pes", Language.PERSIAN); // Iranian Persian
        BY_ISO_639_3.put("ekk", Language.ESTONIAN); // Standard Estonian
        BY_ISO_639_3.put("lvs", Language.LATVIAN); // Standard Latvian
        BY_ISO_639_3.put("azj", Language.AZERBAIJANI); // North Azerbaijani, Latin script
        BY_ISO_639_3.put("als", Language.ALBANIAN); // Tosk, the base of standard Albanian
        // Deliberately absent: the Arabic dialects (arz, acm, apc, ars, ary, arq) and Cantonese and
        // Wu (yue, wuu). Lingua would call them Arabic or Chinese, so an answer in the standard
        // variety instead of the dialect asked for would pass as on-target: unsupported instead.
    }

    private LanguageCodes() {
    }

    /**
     * Lingua's language for {@code code}, or empty when Lingua does not support it.
     *
     * @throws IllegalArgumentException when {@code code} is none of the three spellings
     */
    public static Optional<Language> lingua(String code) {
        if (ISO_639_1.matcher(code).matches()) {
            return Optional.ofNullable(BY_ISO_639_1.get(code));
        }
        if (ISO_639_3.matcher(code).matches()) {
            return Optional.ofNullable(BY_ISO_639_3.get(code));
        }
        Matcher flores = FLORES_200.matcher(code);
        if (flores.matches()) {
            return Optional.ofNullable(BY_ISO_639_3.get(flores.group(1)));
        }
        throw new IllegalArgumentException("not a language code (ISO 639-1 'de', ISO 639-3 'deu' "
                + "or FLORES-200 'deu_Latn'): '" + code + "'");
    }

    private static String lowerName(Enum<?> isoCode) {
        return isoCode.name().toLowerCase(Locale.ROOT);
    }
}
