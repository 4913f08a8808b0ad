package org.babelscope.calm;

import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the option letter out of a generated answer.
 *
 * <p>Text is NFKC-normalised first, so full-width colons, brackets and letters ("答案：Ｂ") read as
 * their ASCII forms. With a marker: the last occurrence of any of the language's markers followed
 * by a colon (case-insensitive; "Antwort:Antwort: C" and a marker in the explanation both resolve
 * to the final answer), then, after spaces and opening decorations ({@code * < ( [ " 【 「}), one
 * option letter: upper case when no letter or digit follows ("B", "D. schools", "E橱", but not
 * "BC" or "None"); lower case only when punctuation or the line's end follows ("d.", "(c)"),
 * because "a person" is English, not option A. When the last marker is followed by no letter the
 * answer is invalid; earlier markers are not consulted, the model's final word counts. Without any
 * marker: the last non-blank line must be an upper-case option letter standing alone (with
 * decorations and a final full stop at most: "C", "(C)", "**C**"); anything else is invalid.
 */
public final class AnswerParser {
    /** Characters that may open an answer: emphasis, brackets, quotes. */
    private static final String OPENING = "*<([\"'“‘【「";
    private static final Pattern STANDING_ALONE =
            Pattern.compile("^[\\s*<(\\[\"'“‘【「]*([A-Z])[\\s*>)\\]\"'”’】」.:]*$");
    private static final Pattern LOWER_CASE_END = Pattern.compile("[.):>\\]*】」]|\\s*$|\\s*\\n");

    private final Pattern marker;

    AnswerParser(List<String> markers) {
        String alternatives = markers.stream()
                .map(m -> Pattern.quote(Normalizer.normalize(m, Normalizer.Form.NFKC)))
                .collect(Collectors.joining("|"));
        this.marker = Pattern.compile("(?:" + alternatives + ")[\\s*]*:",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /**
     * The option letter the answer gives, upper case, or empty when it gives none.
     *
     * @param letters the question's option letters, e.g. "ABCDE"
     */
    public Optional<String> parse(String answer, String letters) {
        String text = Normalizer.normalize(answer, Normalizer.Form.NFKC);
        Matcher m = marker.matcher(text);
        int after = -1;
        while (m.find()) {
            after = m.end();
        }
        return after >= 0 ? afterMarker(text, after, letters) : standingAlone(text, letters);
    }

    private static Optional<String> afterMarker(String text, int from, String letters) {
        int i = from;
        while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || OPENING.indexOf(text.charAt(i)) >= 0)) {
            i++;
        }
        if (i >= text.length()) {
            return Optional.empty();
        }
        char c = text.charAt(i);
        String rest = text.substring(i + 1);
        if (Character.isUpperCase(c) && letters.indexOf(c) >= 0) {
            boolean alone = rest.isEmpty() || !isAsciiLetterOrDigit(rest.charAt(0));
            return alone ? Optional.of(String.valueOf(c)) : Optional.empty();
        }
        char upper = Character.toUpperCase(c);
        if (Character.isLowerCase(c) && letters.indexOf(upper) >= 0 && LOWER_CASE_END.matcher(rest).lookingAt()) {
            return Optional.of(String.valueOf(upper));
        }
        return Optional.empty();
    }

    private static Optional<String> standingAlone(String text, String letters) {
        String stripped = text.strip();
        String lastLine = stripped.substring(stripped.lastIndexOf('\n') + 1);
        Matcher m = STANDING_ALONE.matcher(lastLine);
        if (m.matches() && letters.contains(m.group(1))) {
            return Optional.of(m.group(1));
        }
        return Optional.empty();
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }
}
