package org.babelscope.eval.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.babelscope.BadInputException;
import org.babelscope.corpus.Names;

/** Which languages a load takes: all found, or exactly those asked for, in the order asked. */
final class Langs {
    private Langs() {
    }

    static List<String> select(Collection<String> available, List<String> requested, String what) {
        if (available.isEmpty()) {
            throw new BadInputException("no languages found in " + what);
        }
        if (requested == null || requested.isEmpty()) {
            return List.copyOf(available);
        }
        List<String> unknown = new ArrayList<>();
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (String lang : requested) {
            String l = lang.strip();
            if (!available.contains(l)) {
                unknown.add(l);
            }
            chosen.add(l);
        }
        if (!unknown.isEmpty()) {
            throw new BadInputException("language" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + " not in " + what + "; available: " + Names.sample(available));
        }
        return List.copyOf(chosen);
    }
}
