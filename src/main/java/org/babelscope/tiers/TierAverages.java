package org.babelscope.tiers;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Macro averages per resource tier: each language counts once, whatever its number of items.
 * Languages without a tier ({@link ResourceTiers#of} empty) are left out and listed.
 */
public final class TierAverages {
    /** One tier: its languages and the mean of their series, position by position. */
    public record Group(Tier tier, List<String> languages, double[] mean) {
    }

    private TierAverages() {
    }

    /**
     * @param perLanguage equal-length series per language key; NaN entries are skipped (a
     *                    position where no language of the tier has a value is NaN)
     */
    public static Map<Tier, Group> of(Map<String, double[]> perLanguage) {
        Map<Tier, List<String>> members = new EnumMap<>(Tier.class);
        for (String lang : perLanguage.keySet()) {
            ResourceTiers.of(lang).ifPresent(t -> members.computeIfAbsent(t, k -> new ArrayList<>()).add(lang));
        }
        Map<Tier, Group> out = new EnumMap<>(Tier.class);
        members.forEach((tier, langs) -> {
            int n = perLanguage.get(langs.get(0)).length;
            double[] mean = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                int count = 0;
                for (String l : langs) {
                    double v = perLanguage.get(l)[i];
                    if (Double.isFinite(v)) {
                        sum += v;
                        count++;
                    }
                }
                mean[i] = count == 0 ? Double.NaN : sum / count;
            }
            out.put(tier, new Group(tier, List.copyOf(langs), mean));
        });
        return out;
    }

    /** The keys that have no tier, in their order. */
    public static List<String> untiered(Iterable<String> languages) {
        List<String> out = new ArrayList<>();
        for (String l : languages) {
            if (ResourceTiers.of(l).isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }
}
