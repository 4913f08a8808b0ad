package org.babelscope.stats;

import java.util.Optional;

/**
 * Which keys are the pivot rather than a language: {@code eng-<lang>} keys (the English side of
 * a language), the pivot key itself ({@code eng_Latn}, also as an option view
 * {@code eng_Latn.opt1}), and any key of the pivot's language ({@code en}, {@code english}).
 */
public record Pivot(String key) {
    /** Why the key is a pivot, or empty when it is a language. */
    public Optional<String> reason(String k) {
        String base = LanguageKeys.optionBase(k);
        Optional<String> partner = LanguageKeys.pivotPartner(base);
        if (partner.isPresent()) {
            return Optional.of("the English side of " + partner.get() + " (a pivot, not a language)");
        }
        if (key == null) {
            return Optional.empty();
        }
        if (base.equalsIgnoreCase(key)) {
            return Optional.of("the pivot");
        }
        Optional<String> mine = LanguageKeys.canonical(key);
        if (mine.isPresent() && mine.equals(LanguageKeys.canonical(base))) {
            return Optional.of("the pivot's language (" + mine.get() + ")");
        }
        return Optional.empty();
    }
}
