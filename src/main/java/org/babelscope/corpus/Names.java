package org.babelscope.corpus;

import java.util.Collection;
import java.util.stream.Collectors;

/** Lists of names for error messages, cut short so a message about 112 languages stays readable. */
public final class Names {
    static final int SHOWN = 20;

    private Names() {
    }

    /** "a, b, c" or, past {@value #SHOWN} names, "a, b, … (112 in all)". */
    public static String sample(Collection<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        String shown = names.stream().limit(SHOWN).collect(Collectors.joining(", "));
        return names.size() <= SHOWN ? shown : shown + ", … (" + names.size() + " in all)";
    }
}
