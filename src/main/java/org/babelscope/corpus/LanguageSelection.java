package org.babelscope.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.babelscope.BadInputException;

/**
 * Applies {@code --langs} to the languages a corpus offers. The result is in sorted order whatever
 * order {@code --langs} named them in, so the same selection always yields the same views in the
 * same order, and so the same corpus identity.
 */
final class LanguageSelection {
    private LanguageSelection() {
    }

    /**
     * The languages to read besides the pivot: all of {@code available} but the pivot when
     * {@code requested} is empty, else the requested ones but the pivot.
     *
     * @param what names the corpus in messages
     * @throws BadInputException for a requested language the corpus does not have, listing those it has
     */
    static List<String> select(Collection<String> available, String pivot, List<String> requested, String what) {
        TreeSet<String> offered = new TreeSet<>(available);
        offered.remove(pivot);
        if (requested.isEmpty()) {
            return List.copyOf(offered);
        }
        List<String> unknown = new ArrayList<>();
        TreeSet<String> chosen = new TreeSet<>();
        for (String lang : requested) {
            if (lang.equals(pivot)) {
                continue;
            }
            if (offered.contains(lang)) {
                chosen.add(lang);
            } else {
                unknown.add(lang);
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadInputException((unknown.size() == 1 ? "unknown language " : "unknown languages ")
                    + String.join(", ", unknown) + " in " + what + "; it has " + Names.sample(offered)
                    + " (pivot " + pivot + ")");
        }
        return List.copyOf(chosen);
    }
}
