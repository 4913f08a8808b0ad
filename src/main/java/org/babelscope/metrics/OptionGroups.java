package org.babelscope.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.babelscope.BadInputException;
import org.babelscope.corpus.ViewName;

/**
 * The option views of a multiple-choice store grouped per language, each with its pivot-language
 * partners: {@code it.opt1, it.opt2} against {@code eng-it.opt1, eng-it.opt2} (XCOPA, where each
 * language has its own English side), or {@code fra_Latn.opt1..4} against
 * {@code eng_Latn.opt1..4} (Belebele, one English side for all). Option k of the language is
 * always paired with option k of the pivot.
 */
public final class OptionGroups {
    /** One language's K option views and the pivot's K views, in option order. */
    public record Group(String language, List<String> views, List<String> pivotViews) {
        public int options() {
            return views.size();
        }

        /** The pivot's name for reports: {@code eng-it} or {@code eng_Latn}. */
        public String pivotName() {
            return ViewName.parse(pivotViews.get(0)).withoutOption();
        }
    }

    private OptionGroups() {
    }

    /**
     * Groups {@code viewNames} around the pivot language {@code pivot} (a language such as
     * {@code eng}, or any view of it such as {@code eng_Latn.opt1}).
     *
     * @param languages languages to keep (null: every language with option views but the pivot's);
     *                  an option view name such as {@code it.opt1} stands for its language
     */
    public static List<Group> of(List<String> viewNames, String pivot, List<String> languages) {
        ViewName pivotName = parseOrNull(pivot);
        String pivotLanguage = pivotName == null ? pivot : pivotName.language();
        Set<String> present = new LinkedHashSet<>(viewNames);
        Map<String, TreeMap<Integer, String>> byLanguage = new LinkedHashMap<>();
        for (String v : viewNames) {
            ViewName name = parseOrNull(v);
            if (name == null || name.isPaired() || name.option().isEmpty() || name.language().equals(pivotLanguage)) {
                continue;
            }
            byLanguage.computeIfAbsent(name.language(), k -> new TreeMap<>()).put(name.option().getAsInt(), v);
        }
        if (byLanguage.isEmpty()) {
            throw new BadInputException("the task metrics (dali, dali_s, mexa_t) need option views <lang>.opt<k> "
                    + "of languages other than the pivot '" + pivotLanguage + "'; the store holds "
                    + String.join(", ", viewNames) + " (capture --format options or xcopa makes them)");
        }
        List<String> chosen = languages == null ? new ArrayList<>(byLanguage.keySet()) : distinctLanguages(languages);
        List<Group> out = new ArrayList<>();
        for (String lang : chosen) {
            TreeMap<Integer, String> options = byLanguage.get(lang);
            if (options == null) {
                throw new BadInputException("'" + lang + "' has no option views in the store; languages with option "
                        + "views: " + String.join(", ", byLanguage.keySet()));
            }
            if (options.size() < 2) {
                throw new BadInputException("'" + lang + "' has a single option view (" + options.firstEntry().getValue()
                        + "): DALI compares K >= 2 options");
            }
            List<String> pivots = new ArrayList<>();
            for (String view : options.values()) {
                Optional<String> p = ViewName.pivotFor(view, pivotLanguage, present);
                if (p.isEmpty()) {
                    throw new BadInputException("option view '" + view + "' has no pivot partner: expected "
                            + ViewName.parse(view).pairedPivot(pivotLanguage) + " or "
                            + ViewName.parse(view).withLanguage(pivotLanguage) + " in the store");
                }
                pivots.add(p.get());
            }
            out.add(new Group(lang, List.copyOf(options.values()), List.copyOf(pivots)));
        }
        return out;
    }

    private static List<String> distinctLanguages(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(languageOf(n));
        }
        return new ArrayList<>(out);
    }

    private static String languageOf(String viewOrLanguage) {
        ViewName name = parseOrNull(viewOrLanguage);
        return name == null ? viewOrLanguage : name.isPaired() ? name.partner() : name.language();
    }

    private static ViewName parseOrNull(String v) {
        try {
            return ViewName.parse(v);
        } catch (BadInputException notStructured) {
            return null;
        }
    }
}
