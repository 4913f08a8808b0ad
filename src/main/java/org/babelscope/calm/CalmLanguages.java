package org.babelscope.calm;

import java.util.Locale;

/**
 * Language keys of CALM's data: the released files say {@code cn} where everyone else says
 * {@code zh}, so both are read as one language.
 */
final class CalmLanguages {
    private CalmLanguages() {
    }

    /** The key markers and --langs are matched on: lower case, {@code cn} read as {@code zh}. */
    static String canonical(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT);
        return k.equals("cn") ? "zh" : k;
    }

    static boolean same(String a, String b) {
        return canonical(a).equals(canonical(b));
    }
}
