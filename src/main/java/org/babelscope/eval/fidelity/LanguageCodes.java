package org.babelscope.eval.fidelity;

import com.github.pemistahl.lingua.api.Language;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.babelscope.stats.LanguageKeys;

/**
 * Maps babelscope's language codes to Lingua's {@link Language}s. A code is first brought to its
 * ISO 639-3 code the way correlate matches languages ({@link LanguageKeys#canonical}: ISO 639-1
 * {@code de}, ISO 639-3 {@code deu}, FLORES-200 {@code deu_Latn}, English names, and its table of
 * individual languages that data sets name by their macro-language: {@code swh}, {@code arb},
 * {@code cmn}, {@code cn}, ...), then looked up among Lingua's languages by that code.
 *
 * <p>A code it cannot read at all (empty, {@code 123}, {@code xx}) is a caller's mistake and throws
 * {@link IllegalArgumentException}. A language that Lingua has no model for gives
 * {@link Optional#empty()}: unsupported, never guessed. The Arabic dialects ({@code arz},
 * {@code acm}, ...) and Cantonese and Wu ({@code yue}, {@code wuu}) stay unsupported on purpose:
 * Lingua would call them Arabic or Chinese, so an answer in the standard variety instead of the
 * dialect asked for would pass as on-target. The script of a FLORES-200 code is not checked
 * against the one Lingua was trained on.
 */
public final class LanguageCodes {
    private static final Map<String, Language> BY_ISO_639_3 = new HashMap<>();

    static {
        for (Language l : Language.values()) {
            if (l != Language.UNKNOWN) {
                BY_ISO_639_3.put(l.getIsoCode639_3().name().toLowerCase(Locale.ROOT), l);
            }
        }
    }

    private LanguageCodes() {
    }

    /**
     * Lingua's language for {@code code}, or empty when Lingua does not support it.
     *
     * @throws IllegalArgumentException when {@code code} names no language babelscope can read
     */
    public static Optional<Language> lingua(String code) {
        String iso3 = LanguageKeys.canonical(code).orElseThrow(() -> new IllegalArgumentException(
                "not a language code (ISO 639-1 'de', ISO 639-3 'deu', FLORES-200 'deu_Latn'): '" + code + "'"));
        return Optional.ofNullable(BY_ISO_639_3.get(iso3));
    }
}
