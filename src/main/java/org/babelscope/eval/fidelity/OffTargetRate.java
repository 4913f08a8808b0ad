package org.babelscope.eval.fidelity;

import com.github.pemistahl.lingua.api.Language;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-language off-target rate of generated answers: the share of the answers whose language could
 * be identified that are in another language than the one they were asked in. Answers in a language
 * Lingua does not support are counted but not judged.
 */
public final class OffTargetRate {
    /**
     * Counts of one language. {@code identified} answers got a language from the identifier,
     * {@code offTarget} of them another one than asked for. Unsupported languages identify nothing.
     */
    public record Row(boolean supported, int answers, int identified, int offTarget) {
        /** offTarget / identified; NaN when nothing was identified (callers write it as null). */
        public double offTargetRate() {
            return identified == 0 ? Double.NaN : (double) offTarget / identified;
        }

        Row plus(boolean wasIdentified, boolean wasOffTarget) {
            return new Row(supported, answers + 1, identified + (wasIdentified ? 1 : 0),
                    offTarget + (wasOffTarget ? 1 : 0));
        }
    }

    private final LanguageIdentifier identifier;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    /** Judges answers with {@code identifier}, which must cover every supported expected language. */
    public OffTargetRate(LanguageIdentifier identifier) {
        this.identifier = identifier;
    }

    /**
     * Counts one answer that was asked for in {@code expectedCode}.
     *
     * @throws IllegalArgumentException when the code is malformed, or its language is supported by
     *     Lingua but was left out of the identifier (every answer would then look off-target)
     */
    public void add(String expectedCode, String generatedText) {
        Optional<Language> expected = LanguageCodes.lingua(expectedCode);
        if (expected.isPresent() && !identifier.supports(expectedCode)) {
            throw new IllegalArgumentException("the identifier was not built for " + expectedCode);
        }
        Row row = rows.computeIfAbsent(expectedCode, k -> new Row(expected.isPresent(), 0, 0, 0));
        Optional<Language> found = expected.isPresent() ? identifier.detect(generatedText) : Optional.empty();
        rows.put(expectedCode, row.plus(found.isPresent(), found.isPresent() && !found.equals(expected)));
    }

    /** A snapshot: one row per expected language, in the order they were first added. */
    public Map<String, Row> rows() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }
}
