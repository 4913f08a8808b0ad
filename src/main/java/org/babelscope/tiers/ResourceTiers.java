package org.babelscope.tiers;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.babelscope.stats.LanguageKeys;

/**
 * The resource tier (high, medium, low) of a language, for reporting alignment and accuracy per
 * tier.
 *
 * <p>Source: the taxonomy of Joshi, Santy, Budhiraja, Bali and Choudhury (2020), "The State and
 * Fate of Linguistic Diversity and Inclusion in the NLP World" (ACL 2020), which sorts languages
 * into classes 0 to 5 by the data available for them. Classes 5 and 4 are {@link Tier#HIGH}, class
 * 3 {@link Tier#MEDIUM}, classes 2, 1 and 0 {@link Tier#LOW}. The table is the resource
 * {@code resource-tiers.tsv} beside this class; its notes say which classes are uncertain, and
 * languages the paper does not list have class 1 with a note saying so.
 *
 * <p>Keys are read with {@link LanguageKeys#canonical}, so {@code de}, {@code deu},
 * {@code deu_Latn} and {@code german} all find German, and individual languages that
 * {@code canonical} maps to their macro-language ({@code cmn}, {@code swh}) find the
 * macro-language's row.
 */
public final class ResourceTiers {
    static final String RESOURCE = "resource-tiers.tsv";

    private ResourceTiers() {
    }

    /** Loaded on first use, once; a broken table fails that first use with the line at fault. */
    private static final class Holder {
        static final TierTable TABLE = load();

        private static TierTable load() {
            InputStream in = ResourceTiers.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing beside " + ResourceTiers.class.getName());
            }
            return TierTable.parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
        }
    }

    /**
     * The tier of a language; empty for keys {@link LanguageKeys#canonical} cannot read, for pivot
     * keys ({@code eng-it}) and for languages the table lacks.
     */
    public static Optional<Tier> of(String languageKey) {
        return row(languageKey).map(TierTable.Row::tier);
    }

    /** The language's class in Joshi et al. (0..5); empty where {@link #of} is empty. */
    public static OptionalInt joshiClass(String languageKey) {
        return row(languageKey).map(r -> OptionalInt.of(r.joshiClass())).orElse(OptionalInt.empty());
    }

    /** How many languages the table has. */
    static int size() {
        return Holder.TABLE.size();
    }

    private static Optional<TierTable.Row> row(String languageKey) {
        return LanguageKeys.canonical(languageKey).flatMap(Holder.TABLE::row);
    }
}
