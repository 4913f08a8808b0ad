package org.babelscope.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.babelscope.BadInputException;

/**
 * Parses {@code --layers all|a-b|a,b,c} (model layer numbers, as listed in the store's manifest)
 * into the slots of the store's first axis. A range takes the store's layers inside it (a store
 * may hold every other layer); a single number must be in the store.
 */
public final class LayerSelection {
    private LayerSelection() {
    }

    /** @return slots (indices into {@code available}), in the store's order */
    public static List<Integer> slots(String spec, List<Integer> available) {
        return slots(spec, available, "the store");
    }

    /**
     * As {@link #slots(String, List)} over the layers of another holder of layers (a lens),
     * named {@code holder} in messages.
     */
    public static List<Integer> slots(String spec, List<Integer> available, String holder) {
        if (spec == null || spec.isBlank() || spec.equals("all")) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < available.size(); i++) {
                all.add(i);
            }
            return all;
        }
        Set<Integer> wanted = new LinkedHashSet<>();
        Set<Integer> inRanges = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int from = Integer.parseInt(p.substring(0, dash).trim());
                    int to = Integer.parseInt(p.substring(dash + 1).trim());
                    if (to < from) {
                        throw new BadInputException("--layers " + spec + ": range " + p + " runs backwards");
                    }
                    int before = inRanges.size();
                    for (int layer : available) {
                        if (layer >= from && layer <= to) {
                            inRanges.add(layer);
                        }
                    }
                    if (inRanges.size() == before && available.stream().noneMatch(l -> l >= from && l <= to)) {
                        throw new BadInputException("--layers " + spec + ": " + holder + " has no layer in " + p
                                + "; it holds layers " + available);
                    }
                } else {
                    wanted.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new BadInputException("--layers " + spec + ": '" + p + "' is not a layer number or range a-b");
            }
        }
        List<Integer> slots = new ArrayList<>();
        for (int slot = 0; slot < available.size(); slot++) {
            boolean named = wanted.remove(available.get(slot));
            if (named || inRanges.contains(available.get(slot))) {
                slots.add(slot);
            }
        }
        if (!wanted.isEmpty()) {
            throw new BadInputException("--layers " + spec + ": " + holder + " has no layer " + wanted
                    + "; it holds layers " + available);
        }
        return slots;
    }
}
