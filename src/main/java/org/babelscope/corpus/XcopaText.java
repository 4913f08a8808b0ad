package org.babelscope.corpus;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.babelscope.BadInputException;

/**
 * How an XCOPA item and one of its choices become one sentence: the premise, a connective that
 * says "because" (question = cause) or "so" (question = effect) in the item's language, and the
 * choice, so that a model reads the whole causal claim:
 * <pre>
 *   The item was wrapped in bubble wrap because it was fragile.
 *   I emptied my pocket, so I found a ticket stub.
 *   L'oggetto era incartato nella plastica bollata perché era delicato.
 *   该物品用气泡包装纸包着，因为它很易碎。
 * </pre>
 * The rule, for every language alike:
 * <ol>
 *   <li>premise: trimmed, and one final sentence stop ('.' or '。') removed, since the sentence
 *       goes on;</li>
 *   <li>connective from the table below, with the spacing and comma the language writes (Thai
 *       and Chinese put no space after it; Chinese uses the full-width comma);</li>
 *   <li>choice: trimmed, its final punctuation kept (it ends the sentence), and its first letter
 *       lower-cased where the script has case, with the language's own rules (Turkish İ→i,
 *       I→ı). The first letter stays when the first word is an acronym (second letter upper
 *       case too: "TV") and, in English, when it is the pronoun "I". Proper names are
 *       lower-cased like any other word: telling them apart needs a tagger, and COPA's
 *       sentences rarely start with one.</li>
 * </ol>
 * <pre>
 *   code  cause            effect
 *   en    " because "      ", so "
 *   et    ", sest "        ", nii et "
 *   ht    " paske "        ", donk "
 *   id    " karena "       " sehingga "
 *   it    " perché "       ", quindi "
 *   qu    " imaraykuchus " ", chayrayku "
 *   sw    " kwa sababu "   ", kwa hiyo "
 *   ta    ", ஏனெனில் "     ", அதனால் "
 *   th    " เพราะ"          " ดังนั้น"
 *   tr    ", çünkü "       ", bu yüzden "
 *   vi    " vì "           ", vì vậy "
 *   zh    "，因为"          "，所以"
 * </pre>
 * The connectives are conjunctions (or adverbs read as such) that take an unchanged clause after
 * them, so the choice needs no reordering: Estonian "nii et" rather than "seetõttu", which would
 * ask for verb-second order. The same rule serves the English side (code {@code en}).
 * {@link #prefix} and {@link #continuation} split the sentence where the choice starts, for
 * scoring the choice as a continuation: {@code sentence = prefix + continuation}.
 */
public final class XcopaText {
    /** What the item asks for: the premise's cause or its effect. */
    public enum Relation {
        CAUSE, EFFECT;

        /** "cause" or "effect", as XCOPA's {@code question} field spells them. */
        public static Relation parse(String question) {
            return switch (question) {
                case "cause" -> CAUSE;
                case "effect" -> EFFECT;
                default -> throw new BadInputException("question must be \"cause\" or \"effect\", not \"" + question + "\"");
            };
        }
    }

    private record Connective(String cause, String effect) {
    }

    private static final Map<String, Connective> CONNECTIVES = Map.ofEntries(
            Map.entry("en", new Connective(" because ", ", so ")),
            Map.entry("et", new Connective(", sest ", ", nii et ")),
            Map.entry("ht", new Connective(" paske ", ", donk ")),
            Map.entry("id", new Connective(" karena ", " sehingga ")),
            Map.entry("it", new Connective(" perché ", ", quindi ")),
            Map.entry("qu", new Connective(" imaraykuchus ", ", chayrayku ")),
            Map.entry("sw", new Connective(" kwa sababu ", ", kwa hiyo ")),
            Map.entry("ta", new Connective(", ஏனெனில் ", ", அதனால் ")),
            Map.entry("th", new Connective(" เพราะ", " ดังนั้น")),
            Map.entry("tr", new Connective(", çünkü ", ", bu yüzden ")),
            Map.entry("vi", new Connective(" vì ", ", vì vậy ")),
            Map.entry("zh", new Connective("，因为", "，所以")));

    /** The code of the English side. */
    public static final String ENGLISH = "en";

    private XcopaText() {
    }

    /** The language codes with a connective: the 11 XCOPA languages and {@code en}. */
    public static Set<String> languages() {
        return new TreeSet<>(CONNECTIVES.keySet());
    }

    public static boolean supports(String lang) {
        return CONNECTIVES.containsKey(lang);
    }

    /** premise + connective + choice, as described above. */
    public static String sentence(String lang, String premise, Relation relation, String choice) {
        return prefix(lang, premise, relation) + continuation(lang, choice);
    }

    /** The sentence up to where the choice starts: the premise without its stop, and the connective. */
    public static String prefix(String lang, String premise, Relation relation) {
        Connective c = connective(lang);
        return stem(premise) + (relation == Relation.CAUSE ? c.cause() : c.effect());
    }

    /** The choice as it continues the sentence: trimmed, first letter lower-cased where the rule says so. */
    public static String continuation(String lang, String choice) {
        connective(lang);
        String text = choice.strip();
        if (text.isEmpty()) {
            return text;
        }
        int first = text.codePointAt(0);
        if (!Character.isUpperCase(first)) {
            return text; // already lower case, or a script without case (Thai, Tamil, Han)
        }
        int firstLength = Character.charCount(first);
        int wordEnd = firstLength;
        while (wordEnd < text.length() && Character.isLetter(text.codePointAt(wordEnd))) {
            wordEnd += Character.charCount(text.codePointAt(wordEnd));
        }
        if (wordEnd > firstLength && Character.isUpperCase(text.codePointAt(firstLength))) {
            return text; // an acronym: "TV", "NASA"
        }
        if (lang.equals(ENGLISH) && text.substring(0, wordEnd).equals("I")) {
            return text; // "I", "I'm": the English pronoun keeps its capital
        }
        return text.substring(0, firstLength).toLowerCase(locale(lang)) + text.substring(firstLength);
    }

    private static String stem(String premise) {
        String text = premise.strip();
        if (text.endsWith(".") || text.endsWith("。")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        return text;
    }

    private static Locale locale(String lang) {
        // Turkish is the one XCOPA language whose lower case differs from the default (dotted and dotless i).
        return lang.equals("tr") ? Locale.forLanguageTag("tr") : Locale.ROOT;
    }

    private static Connective connective(String lang) {
        Connective c = CONNECTIVES.get(lang);
        if (c == null) {
            throw new BadInputException("no XCOPA connectives for language \"" + lang + "\"; known: " + languages());
        }
        return c;
    }
}
