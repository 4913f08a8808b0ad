package org.babelscope.corpus;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.babelscope.BadInputException;

/**
 * The parts of a view name. A view holds one text per item, and its name says what it is:
 * <pre>
 *   &lt;lang&gt;                     one language of a line-aligned corpus          fra_Latn
 *   &lt;lang&gt;.opt&lt;k&gt;              option k of a multiple-choice item in lang      fra_Latn.opt2
 *   &lt;pivot&gt;-&lt;lang&gt;             the pivot-language text that belongs to lang     eng-fra
 *   &lt;pivot&gt;-&lt;lang&gt;.opt&lt;k&gt;      ... for option k                               eng-it.opt1
 * </pre>
 * The paired form exists because some data sets have no single pivot text per item: Tatoeba's
 * English sentences differ from pair to pair, and XCOPA's English side is a machine translation
 * of each language's own text. The view {@code eng-fra} is the English side of the French pair and
 * is compared with {@code fra} only. {@link #pivotFor} turns this into the one rule that finds the
 * pivot of any view from names alone, so a store that has lost its corpus can still be aligned.
 *
 * <p>Language codes are letters, digits and '_' ({@code eng_Latn}, {@code english}, {@code it});
 * '-' and '.' are reserved for the structure above. So every view name is also a valid store view
 * name (letters, digits, '_', '.', '-') and a safe file name.
 */
public record ViewName(String language, String partner, OptionalInt option) {
    private static final String LANGUAGE = "[A-Za-z0-9_]+";
    private static final Pattern LANGUAGE_CODE = Pattern.compile(LANGUAGE);
    private static final Pattern FULL = Pattern.compile(
            "(" + LANGUAGE + ")(?:-(" + LANGUAGE + "))?(?:\\.opt([0-9]{1,4}))?");

    /**
     * @param language the language of the texts ({@code eng} for {@code eng-fra})
     * @param partner  for a paired pivot view, the language it belongs to; otherwise null
     * @param option   the option number k of {@code .opt<k>}, or empty
     */
    public ViewName {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(option, "option");
        requireLanguageCode(language);
        if (partner != null) {
            requireLanguageCode(partner);
        }
        if (option.isPresent() && option.getAsInt() < 0) {
            throw new IllegalArgumentException("option number must be >= 0: " + option.getAsInt());
        }
    }

    /** A plain language view: {@code <lang>}. */
    public static ViewName of(String language) {
        return new ViewName(language, null, OptionalInt.empty());
    }

    /** An option view: {@code <lang>.opt<k>}. */
    public static ViewName option(String language, int k) {
        return new ViewName(language, null, OptionalInt.of(k));
    }

    /** This view's counterpart written in {@code pivot} for this view's language alone. */
    public ViewName pairedPivot(String pivot) {
        return new ViewName(pivot, language, option);
    }

    /** This view with its language replaced, keeping the option: the shared pivot's view. */
    public ViewName withLanguage(String newLanguage) {
        return new ViewName(newLanguage, null, option);
    }

    /** The name without its option: {@code eng-it} for {@code eng-it.opt1}. */
    public String withoutOption() {
        return new ViewName(language, partner, OptionalInt.empty()).toString();
    }

    /** True for {@code <pivot>-<lang>} names. */
    public boolean isPaired() {
        return partner != null;
    }

    /**
     * The language a {@code --langs} selection names to keep this view: the partner of a paired
     * pivot view ({@code fra} keeps {@code eng-fra}), otherwise the view's own language.
     */
    public String owner() {
        return partner != null ? partner : language;
    }

    /** Parses a view name; BadInputException when it does not follow the grammar above. */
    public static ViewName parse(String name) {
        Matcher m = FULL.matcher(name);
        if (!m.matches()) {
            throw new BadInputException("view name \"" + name + "\" is not <lang>, <lang>.opt<k>, <pivot>-<lang> or "
                    + "<pivot>-<lang>.opt<k> (language codes: letters, digits and '_')");
        }
        OptionalInt option = m.group(3) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(3)));
        return new ViewName(m.group(1), m.group(2), option);
    }

    /** True when {@code code} can serve as a language code in view names. */
    public static boolean isLanguageCode(String code) {
        return code != null && LANGUAGE_CODE.matcher(code).matches();
    }

    /**
     * The view that {@code view} is compared with, given the pivot language and the names present:
     * nothing for a view written in the pivot itself; else the paired pivot view
     * ({@code eng-fra} for {@code fra}, {@code eng-it.opt1} for {@code it.opt1}) when present; else
     * the shared pivot view with the same option ({@code eng_Latn.opt1} for {@code fra_Latn.opt1},
     * {@code eng_Latn} for {@code fra_Latn}) when present; else nothing.
     */
    public static Optional<String> pivotFor(String view, String pivot, Set<String> present) {
        ViewName name = parse(view);
        if (name.language.equals(pivot)) {
            return Optional.empty();
        }
        String paired = name.pairedPivot(pivot).toString();
        if (present.contains(paired)) {
            return Optional.of(paired);
        }
        String shared = name.withLanguage(pivot).toString();
        return present.contains(shared) ? Optional.of(shared) : Optional.empty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(language);
        if (partner != null) {
            sb.append('-').append(partner);
        }
        option.ifPresent(k -> sb.append(".opt").append(k));
        return sb.toString();
    }

    private static void requireLanguageCode(String code) {
        if (!isLanguageCode(code)) {
            throw new BadInputException("\"" + code + "\" cannot be a language code in view names: use only letters, "
                    + "digits and '_' ('-' and '.' separate the parts of a view name)");
        }
    }
}
