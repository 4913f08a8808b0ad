package org.babelscope.calm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One question in every language (the files are parallel: the same position is the same
 * question), in the configured language order.
 *
 * @param item       the position in the files, from 0
 * @param gold       the gold letter, or null when the data has none
 * @param byLanguage language → its copy and samples, in language order
 */
public record CalmQuestion(int item, String gold, Map<String, LanguageSamples> byLanguage) {
    public CalmQuestion {
        byLanguage = Collections.unmodifiableMap(new LinkedHashMap<>(byLanguage));
    }
}
