package org.babelscope.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.babelscope.BadInputException;

/** The check that makes line-aligned files usable: every file has the same number of lines. */
final class LineCounts {
    private LineCounts() {
    }

    /**
     * Throws when the views differ in length, naming the first view's file and count and every
     * file that differs from it.
     *
     * @param fileOf the file a view was read from, by view name, for the message
     */
    static void requireEqual(List<View> views, Function<String, String> fileOf, Path dir) {
        View first = views.get(0);
        List<String> differing = new ArrayList<>();
        for (View v : views) {
            if (v.size() != first.size()) {
                differing.add(fileOf.apply(v.name()) + " has " + v.size());
            }
        }
        if (!differing.isEmpty()) {
            throw new BadInputException("line counts differ in " + dir + ": " + fileOf.apply(first.name()) + " has "
                    + first.size() + " lines, but " + Names.sample(differing) + "; the files must be line-aligned "
                    + "(line i of every file is the same item)");
        }
    }
}
