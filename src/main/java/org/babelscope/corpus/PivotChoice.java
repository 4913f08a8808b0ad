package org.babelscope.corpus;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.babelscope.BadInputException;

/** Finds the pivot language of a corpus: English, under whichever name the data set uses. */
final class PivotChoice {
    /** English as FLORES/Belebele, LASER, ISO 639-1 and XStoryCloze's folder names spell it, in that order. */
    static final List<String> ENGLISH = List.of("eng_Latn", "eng", "en", "english");

    private PivotChoice() {
    }

    /** The English name present in {@code languages}, if any. */
    static String english(Collection<String> languages) {
        for (String name : ENGLISH) {
            if (languages.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /**
     * {@code requested} when given (it must be one of {@code languages}), else English.
     *
     * @param fallback the pivot when neither is given, or null to make that an error
     * @param what     names the corpus in messages
     */
    static String choose(Collection<String> languages, String requested, String fallback, String what) {
        if (requested != null) {
            if (!languages.contains(requested)) {
                throw new BadInputException("pivot " + requested + " is not a language of " + what + "; it has "
                        + Names.sample(new TreeSet<>(languages)));
            }
            return requested;
        }
        String english = english(languages);
        if (english != null) {
            return english;
        }
        if (fallback != null) {
            return fallback;
        }
        throw new BadInputException(what + " has no English (" + String.join(", ", ENGLISH) + ") to serve as the "
                + "pivot; name the pivot language (--pivot); it has " + Names.sample(new TreeSet<>(languages)));
    }
}
