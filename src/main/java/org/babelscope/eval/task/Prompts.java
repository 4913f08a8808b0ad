package org.babelscope.eval.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The string rules of lm-evaluation-harness that every task shares. "Whitespace" is what Python's
 * {@code str.isspace} accepts (so {@code strip()} and {@code rstrip()} behave like the harness's),
 * which includes no-break and ideographic spaces that {@link Character#isWhitespace} does not.
 */
final class Prompts {
    /** Between few-shot examples, and between the last one and the item (harness {@code fewshot_delimiter}). */
    static final String FEWSHOT_DELIMITER = "\n\n";
    /** Between a context and its choice (harness {@code target_delimiter}). */
    static final String TARGET_DELIMITER = " ";

    private Prompts() {
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u001c' || c == '\u001d'
                || c == '\u001e' || c == '\u001f' || c == '\u0085';
    }

    /** Python's {@code str.strip()}. */
    static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** Number of whitespace characters at the end of {@code s}. */
    static int trailingSpace(String s) {
        int n = 0;
        while (n < s.length() && isSpace(s.charAt(s.length() - 1 - n))) {
            n++;
        }
        return n;
    }

    /** {@code s} without its last code point (Python's {@code s[:-1]}). */
    static String dropLast(String s) {
        return s.isEmpty() ? s : s.substring(0, s.offsetByCodePoints(s.length(), -1));
    }

    /** The first code point lower-cased as Python's {@code str.lower()} does (no locale), the rest unchanged. */
    static String lowerFirst(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int end = s.offsetByCodePoints(0, 1);
        return s.substring(0, end).toLowerCase(Locale.ROOT) + s.substring(end);
    }

    /**
     * The final request of a choice item: the few-shot examples, then the item, and the harness's
     * rule that whitespace ending the context moves to the front of every continuation
     * ({@code lm_eval/api/model.py}, {@code TemplateLM._encode_pair}: {@code n_spaces =
     * len(context) - len(context.rstrip())}), so that a tokenizer sees " word" whole.
     */
    static ChoiceItem request(Doc doc, String lang, List<Doc> shots) {
        StringBuilder context = new StringBuilder();
        for (Doc shot : shots) {
            context.append(shot.shotText()).append(FEWSHOT_DELIMITER);
        }
        context.append(doc.context());
        int n = trailingSpace(context.toString());
        String moved = context.substring(context.length() - n);
        List<String> continuations = new ArrayList<>(doc.continuations().size());
        for (String c : doc.continuations()) {
            continuations.add(moved + c);
        }
        return new ChoiceItem(doc.id(), doc.index(), lang, context.substring(0, context.length() - n), continuations,
                doc.gold());
    }
}
