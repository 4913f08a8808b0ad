package org.babelscope.tiers;

import java.util.Locale;

/**
 * How well resourced a language is, in three tiers over the six classes of Joshi et al. (2020):
 * classes 5 and 4 are {@link #HIGH}, class 3 is {@link #MEDIUM}, classes 2, 1 and 0 are {@link #LOW}.
 */
public enum Tier {
    HIGH, MEDIUM, LOW;

    /** The name on the command line and in reports: "high", "medium", "low". */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier of a Joshi et al. class; the class must be 0..5. */
    public static Tier ofJoshiClass(int joshiClass) {
        if (joshiClass < 0 || joshiClass > 5) {
            throw new IllegalArgumentException("Joshi et al. classes are 0..5, not " + joshiClass);
        }
        return joshiClass >= 4 ? HIGH : joshiClass == 3 ? MEDIUM : LOW;
    }
}
