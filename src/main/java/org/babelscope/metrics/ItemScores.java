package org.babelscope.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-item DALI scores of one alignment run: for each language, item and scored layer, DALI,
 * DALI_S (when computed) and the DALI margin. The item-level analysis of {@code correlate} reads
 * them; {@code report.ItemScoresFile} writes them beside results.json.
 */
public final class ItemScores {
    /** One language's scores, {@code [item][layer position]}. */
    public record Language(String language, String pivot, byte[][] dali, byte[][] daliStrict, float[][] margin) {
    }

    private final List<Integer> layers;
    private final int items;
    private final boolean strict;
    private final Map<String, Language> byLanguage = new LinkedHashMap<>();

    public ItemScores(List<Integer> layers, int items, boolean strict) {
        this.layers = List.copyOf(layers);
        this.items = items;
        this.strict = strict;
    }

    public void addLanguage(String language, String pivot) {
        int l = layers.size();
        byLanguage.put(language, new Language(language, pivot, new byte[items][l], strict ? new byte[items][l] : null,
                new float[items][l]));
    }

    public void put(String language, int layerPosition, DaliScores scores) {
        Language lang = byLanguage.get(language);
        for (int i = 0; i < items; i++) {
            lang.dali[i][layerPosition] = (byte) (scores.dali(i) ? 1 : 0);
            lang.margin[i][layerPosition] = scores.margin(i);
            if (strict) {
                lang.daliStrict[i][layerPosition] = (byte) (scores.daliStrict(i) ? 1 : 0);
            }
        }
    }

    public List<Integer> layers() {
        return layers;
    }

    public int items() {
        return items;
    }

    public boolean hasStrict() {
        return strict;
    }

    public Iterable<Language> languages() {
        return byLanguage.values();
    }
}
