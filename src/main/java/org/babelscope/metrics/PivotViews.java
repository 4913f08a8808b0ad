package org.babelscope.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.babelscope.BadInputException;
import org.babelscope.corpus.ViewName;
import org.babelscope.store.EmbeddingStore;

/**
 * Which pivot view each view of a store is compared with, from view names alone (the rule of
 * {@link ViewName#pivotFor}): a paired partner ({@code eng-fra} for {@code fra}, as Tatoeba and
 * XCOPA give), else the pivot language's view of the same option ({@code eng_Latn.opt2} for
 * {@code fra_Latn.opt2}), else the pivot view itself. Stores made by hand with other names still
 * work: their views are compared with the {@code --pivot} view.
 */
public final class PivotViews {
    private PivotViews() {
    }

    /** The views to score by default: every view not written in the pivot's language. */
    public static List<String> languages(EmbeddingStore store, String pivot) {
        String pivotLanguage = languageOf(pivot).orElse(pivot);
        List<String> out = new ArrayList<>();
        for (String v : store.viewNames()) {
            if (!v.equals(pivot) && !languageOf(v).map(pivotLanguage::equals).orElse(false)) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Every plain language view of a store (no paired {@code eng-xx} views, no option views
     * {@code xx.opt1}): the languages Lens and LinguaLIFT fit on by default. A view whose name is
     * not structured (a hand-made store) counts as a language by the user's naming.
     */
    public static List<String> plainLanguages(EmbeddingStore store) {
        List<String> out = new ArrayList<>();
        for (String v : store.viewNames()) {
            try {
                ViewName n = ViewName.parse(v);
                if (!n.isPaired() && n.option().isEmpty()) {
                    out.add(v);
                }
            } catch (BadInputException notStructured) {
                out.add(v);
            }
        }
        return out;
    }

    /** Languages grouped by their pivot view, in first-seen order. */
    static Map<String, List<String>> group(EmbeddingStore store, String pivot, List<String> languages) {
        Set<String> present = new LinkedHashSet<>(store.viewNames());
        String pivotLanguage = languageOf(pivot).orElse(pivot);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String lang : languages) {
            String p = byRule(lang, pivotLanguage, present).orElse(pivot);
            if (!present.contains(p)) {
                throw new BadInputException("pivot '" + pivot + "' is not a view of " + store.dir() + " (and '" + lang
                        + "' has no pivot-language partner there); views: " + String.join(", ", store.viewNames()));
            }
            if (p.equals(lang)) {
                throw new BadInputException("'" + lang + "' is the pivot itself");
            }
            groups.computeIfAbsent(p, k -> new ArrayList<>()).add(lang);
        }
        return groups;
    }

    private static Optional<String> byRule(String view, String pivotLanguage, Set<String> present) {
        try {
            return ViewName.pivotFor(view, pivotLanguage, present);
        } catch (BadInputException notAStructuredName) {
            return Optional.empty();
        }
    }

    private static Optional<String> languageOf(String view) {
        try {
            return Optional.of(ViewName.parse(view).language());
        } catch (BadInputException notAStructuredName) {
            return Optional.empty();
        }
    }
}
