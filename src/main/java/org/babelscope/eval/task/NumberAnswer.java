package org.babelscope.eval.task;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The number in a generated MGSM answer, as lm-evaluation-harness's "flexible-extract" filter
 * finds it ({@code lm_eval/tasks/mgsm/direct/direct_yaml}: regex {@code (-?[$0-9.,]{2,})|(-?[0-9]+)},
 * {@code group_select: -1}, i.e. the last match), then normalised: '$' and ',' removed, trailing
 * '.' removed ("The answer is 18." gives "18", "$1,234.50" gives "1234.50").
 *
 * <p>Two choices of ours: a match must hold a digit (the harness regex alone also matches "..."
 * or ",,"); and {@link #matches} compares numbers by value when both sides are numbers, so "18.0"
 * and "18.00" match gold "18". The harness's exact_match with ignore_punctuation would compare
 * "180" with "18" (no match) and "-3" with "3" (a match); both are wrong answers to read that way.
 */
public final class NumberAnswer {
    private static final Pattern NUMBER = Pattern.compile("(-?[$0-9.,]{2,})|(-?[0-9]+)");

    private NumberAnswer() {
    }

    /** The last number in {@code generation}, normalised; empty when there is none. */
    public static Optional<String> extract(String generation) {
        Matcher m = NUMBER.matcher(generation);
        String last = null;
        while (m.find()) {
            String s = m.group();
            if (s.chars().anyMatch(Character::isDigit)) {
                last = s;
            }
        }
        return last == null ? Optional.empty() : Optional.of(normalize(last));
    }

    /** '$' and ',' removed, then trailing '.' removed, surrounding whitespace removed. */
    public static String normalize(String number) {
        String s = number.strip().replace("$", "").replace(",", "");
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Whether an extracted answer equals the gold one: by value when both are numbers, else as normalised text. */
    public static boolean matches(String extracted, String gold) {
        String a = normalize(extracted);
        String b = normalize(gold);
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    private static BigDecimal decimal(String s) {
        if (!s.matches("-?[0-9]*\\.?[0-9]+")) {
            return null;
        }
        return new BigDecimal(s);
    }
}
