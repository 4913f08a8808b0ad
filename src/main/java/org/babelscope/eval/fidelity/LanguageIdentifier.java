package org.babelscope.eval.fidelity;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Says which of the languages in play a text is written in, with Lingua. It chooses only among the
 * supported languages it was built for, plus English (off-target answers of English-centric models
 * are usually English): a text in a third language is called one of those, or left unidentified.
 *
 * <p>Lingua keeps its n-gram models in static maps shared by all its detectors in the JVM: about
 * 19 MB of heap per language (measured: 204 MB after GC for de, fr, es, it, pt, ru, zh, ja, sw, th
 * and English, built in 4.6 s on 2 shared cores), so the detector is built only for the languages
 * in play (all 75 of Lingua's would take well over a gigabyte). {@link #close()} drops this
 * identifier's models from those maps; another identifier still open reloads them on its next use
 * (slow, but correct).
 */
public final class LanguageIdentifier implements AutoCloseable {
    /**
     * Lingua's minimum relative distance between the best and the second-best language; below it
     * the text is left unidentified. 0.1 leaves sentences that are mostly English names unidentified
     * rather than calling them English, and still decides short answers such as "Jibu ni 42.".
     */
    static final double MINIMUM_RELATIVE_DISTANCE = 0.1;

    /** Null when fewer than two languages are in play: there is nothing to choose between. */
    private final LanguageDetector detector;
    /** The languages in play: the supported ones among the caller's codes, and English. */
    private final Set<Language> languages;

    private LanguageIdentifier(LanguageDetector detector, Set<Language> languages) {
        this.detector = detector;
        this.languages = languages;
    }

    /**
     * An identifier for the languages among {@code codes} that Lingua supports, and English. Its
     * models are loaded here (about 5 s for ten languages), not on the first text. With no supported
     * language besides English there is nothing to choose between: it identifies nothing.
     *
     * @throws IllegalArgumentException when a code is none of {@link LanguageCodes}' spellings
     */
    public static LanguageIdentifier forLanguages(Collection<String> codes) {
        Set<Language> languages = EnumSet.of(Language.ENGLISH);
        for (String code : codes) {
            LanguageCodes.lingua(code).ifPresent(languages::add);
        }
        // Lingua refuses to build a detector for a single language.
        LanguageDetector detector = languages.size() < 2 ? null
                : LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new))
                        .withMinimumRelativeDistance(MINIMUM_RELATIVE_DISTANCE)
                        .withPreloadedLanguageModels()
                        .build();
        return new LanguageIdentifier(detector, languages);
    }

    /** Whether {@code code}'s language is one this identifier can name. */
    public boolean supports(String code) {
        return LanguageCodes.lingua(code).map(languages::contains).orElse(false);
    }

    /** Lingua's language of {@code text}; empty when Lingua is unsure or the text has no letters. */
    Optional<Language> detect(String text) {
        Objects.requireNonNull(text, "text");
        if (detector == null) {
            return Optional.empty();
        }
        Language language = detector.detectLanguageOf(text);
        return language == Language.UNKNOWN ? Optional.empty() : Optional.of(language);
    }

    /** Frees this identifier's Lingua models (see the class comment on sharing). */
    @Override
    public void close() {
        if (detector != null) {
            detector.unloadLanguageModels();
        }
    }
}
