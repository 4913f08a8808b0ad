package org.babelscope.stats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.babelscope.BadInputException;
import org.babelscope.corpus.Names;

/**
 * The whole correlate analysis, in memory: reads and checks every input (any problem is a
 * {@link BadInputException} naming file and line), then runs the language-level and, where the
 * inputs allow, the item-level analysis. Writes nothing.
 */
public final class Correlate {
    public static final List<String> ACCURACY_FIELDS = List.of("correct", "correct_norm", "correct_bytes");

    private Correlate() {
    }

    /**
     * @param itemScores {@code --item-scores}, or null for results.json's {@code item_scores}
     * @param metrics    metrics to correlate, or null for all in results.json
     * @param pivot      {@code --pivot}, or null for results.json's pivot
     */
    public record Options(Path alignment, Path accuracy, Path itemScores, List<String> metrics, String accuracyField,
            Map<String, String> langMap, String pivot) {
    }

    /** {@code itemLevel} is empty when {@code itemLevelSkipped} says why. */
    public record Outcome(Options options, AlignmentFile alignment, Accuracy accuracy, String pivot,
            List<Integer> itemLayers, Optional<ItemScores> itemScores, List<LanguageLevel.MetricResult> languageLevel,
            Optional<ItemLevel.Result> itemLevel, String itemLevelSkipped) {
    }

    public static Outcome run(Options o) {
        if (!ACCURACY_FIELDS.contains(o.accuracyField())) {
            throw new BadInputException("--accuracy-field must be one of " + String.join("|", ACCURACY_FIELDS)
                    + ", got '" + o.accuracyField() + "'");
        }
        AlignmentFile alignment = AlignmentFile.read(o.alignment());
        Accuracy accuracy = Accuracy.read(o.accuracy(), o.accuracyField());
        if (o.itemScores() != null && !accuracy.hasItems()) {
            throw new BadInputException("--item-scores needs per-item correctness: give --accuracy predictions.jsonl, not "
                    + accuracy.kind().label());
        }
        List<String> metrics = chooseMetrics(o.metrics(), alignment);
        String pivot = o.pivot() != null ? o.pivot() : alignment.pivot();
        Pivot pivotRule = new Pivot(pivot);
        LanguageKeys keys = new LanguageKeys(o.langMap() == null ? Map.of() : o.langMap());

        List<LanguageLevel.MetricResult> languageLevel = new ArrayList<>();
        for (String m : metrics) {
            languageLevel.add(LanguageLevel.analyse(m, alignment.metrics().get(m), accuracy, pivotRule, keys));
        }
        if (languageLevel.stream().allMatch(r -> r.rows().isEmpty())) {
            Set<String> alignmentKeys = new TreeSet<>();
            metrics.forEach(m -> alignmentKeys.addAll(alignment.metrics().get(m).keySet()));
            throw new BadInputException("no language is in both " + o.alignment() + " (" + Names.sample(alignmentKeys)
                    + ") and " + o.accuracy() + " (" + Names.sample(new TreeSet<>(accuracy.languages().keySet())) + ")"
                    + " (pivots excluded; use --lang-map KEY=LANG to pair keys)");
        }

        Path itemPath = o.itemScores() != null ? o.itemScores() : alignment.itemScores().orElse(null);
        Optional<ItemScores> itemScores = Optional.empty();
        Optional<ItemLevel.Result> itemLevel = Optional.empty();
        String skipped = null;
        List<Integer> itemLayers = alignment.layers();
        if (itemPath == null) {
            skipped = "no item scores (results.json names no item_scores file and --item-scores was not given)";
        } else if (!accuracy.hasItems()) {
            skipped = "the accuracy input is " + accuracy.kind().label() + ": item correctness comes only from predictions.jsonl";
        } else {
            ItemScores scores = ItemScores.read(itemPath, alignment.layersGiven() ? alignment.layers().size() : -1,
                    alignment.itemScoreMetrics());
            itemScores = Optional.of(scores);
            if (!alignment.layersGiven()) {
                itemLayers = new ArrayList<>();
                for (int i = 0; i < scores.length(); i++) {
                    itemLayers.add(i);
                }
            }
            ItemLevel.Result r = ItemLevel.analyse(scores, accuracy, pivotRule, keys);
            if (r.languages().isEmpty()) {
                skipped = "no language of the item scores has predictions for itself and its pivot (see the left-out keys)";
            } else if (r.lStarIndex() < 0) {
                skipped = "no item has a " + r.layerMetric() + " value at any layer";
            }
            itemLevel = Optional.of(r);
        }
        return new Outcome(o, alignment, accuracy, pivot, List.copyOf(itemLayers), itemScores, List.copyOf(languageLevel),
                itemLevel, skipped);
    }

    static List<String> chooseMetrics(List<String> requested, AlignmentFile alignment) {
        if (requested == null || requested.isEmpty()) {
            return new ArrayList<>(alignment.metrics().keySet());
        }
        Set<String> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String m : requested) {
            String t = m.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (alignment.metrics().containsKey(t)) {
                out.add(t);
            } else {
                unknown.add(t);
            }
        }
        if (!unknown.isEmpty() || out.isEmpty()) {
            throw new BadInputException((unknown.isEmpty() ? "no metric requested" : "unknown metric " + String.join(", ", unknown))
                    + "; " + alignment.path() + " has: " + String.join(", ", alignment.metrics().keySet()));
        }
        return new ArrayList<>(out);
    }
}
