package org.babelscope.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.babelscope.BadInputException;

/**
 * Texts in several languages, item-aligned with a pivot language: what {@code capture} runs
 * through a model and what {@code align} compares.
 *
 * <p>A corpus is a list of {@link View}s. Every view that is not written in the pivot language
 * has exactly one pivot view, found by {@link #pivotFor} with the rule of
 * {@link ViewName#pivotFor}, and holds as many items as it; item i of both is the same item.
 * Two shapes follow from that rule:
 * <ul>
 *   <li><b>line-aligned</b> (FLORES, Belebele, XStoryCloze, jsonl, the built-in corpus): one pivot
 *       view ({@code eng_Latn}, or {@code eng_Latn.opt<k>} per option) shared by every language;
 *       all views have the same item count;</li>
 *   <li><b>paired</b> (Tatoeba, XCOPA): each language brings its own pivot-language side,
 *       {@code eng-fra} beside {@code fra}, because the English texts differ from language to
 *       language. Item counts may then differ between pairs (Tatoeba: 1000 for French, 104 for
 *       Talossan); within a pair they are equal.</li>
 * </ul>
 * {@link #isLineAligned()} tells them apart; {@link #itemCount(String)} gives a view's count.
 * An embedding store whose views must all have one item count can take a paired corpus whole
 * only when it is line-aligned (XCOPA, or Tatoeba under a small enough limit); otherwise capture
 * it language by language, {@link #viewsOf(String)} giving each pair.
 *
 * <p>{@link #sha256()} identifies the content (view names and texts, in view order; see
 * {@link CorpusDigest}), so a store can record which corpus, which selection and which limit its
 * embeddings came from. Instances are immutable.
 */
public final class Corpus {
    private final String name;
    private final String pivot;
    private final List<View> views;
    private final Map<String, View> byName;
    private final Map<String, String> pivotOf;
    private final Map<String, List<Integer>> labels;
    private final String sha256;

    /**
     * @param name   a short human-readable name (the folder or file it was read from)
     * @param pivot  the pivot language code ({@code eng_Latn}, {@code english}, {@code eng})
     * @param views  the views, in the order capture writes them; names must be unique
     * @param labels gold answers per language, for task corpora (XCOPA); empty otherwise. Each
     *               list holds, per item, the 0-based index of the correct option among the
     *               language's option views in ascending k ({@code 0} = {@code <lang>.opt1} in
     *               XCOPA), and has as many entries as the language's views have items
     * @throws BadInputException when a view has no pivot view or a different item count from it
     */
    public Corpus(String name, String pivot, List<View> views, Map<String, List<Integer>> labels) {
        if (views.isEmpty()) {
            throw new BadInputException("corpus " + name + " has no views");
        }
        if (!ViewName.isLanguageCode(pivot)) {
            throw new BadInputException("pivot \"" + pivot + "\" is not a language code (letters, digits and '_')");
        }
        this.name = name;
        this.pivot = pivot;
        this.views = List.copyOf(views);
        Map<String, View> index = new LinkedHashMap<>();
        for (View v : this.views) {
            if (index.put(v.name(), v) != null) {
                throw new BadInputException("corpus " + name + " has two views named " + v.name());
            }
        }
        this.byName = Collections.unmodifiableMap(index);
        this.pivotOf = Collections.unmodifiableMap(pivots(index));
        Map<String, List<Integer>> copy = new LinkedHashMap<>();
        labels.forEach((lang, list) -> copy.put(lang, List.copyOf(list)));
        this.labels = Collections.unmodifiableMap(copy);
        checkLabels();
        this.sha256 = CorpusDigest.of(this.views);
    }

    /** Finds each view's pivot view and checks that they align. */
    private Map<String, String> pivots(Map<String, View> index) {
        Set<String> present = index.keySet();
        Map<String, String> result = new LinkedHashMap<>();
        for (View v : index.values()) {
            ViewName parsed = v.parsedName();
            if (parsed.isPaired() && !parsed.language().equals(pivot)) {
                throw new BadInputException("view " + v.name() + " pairs a " + parsed.language() + " text with "
                        + parsed.partner() + ", but only the pivot (" + pivot + ") may have paired views");
            }
            if (parsed.language().equals(pivot)) {
                if (parsed.isPaired() && !hasLanguage(index, parsed.partner())) {
                    throw new BadInputException("view " + v.name() + " holds the " + pivot + " side of "
                            + parsed.partner() + ", but there is no " + parsed.partner() + " view; if '-' is part of "
                            + "a language code, write '_' instead (" + parsed.language() + "_" + parsed.partner() + ")");
                }
                continue;
            }
            String p = ViewName.pivotFor(v.name(), pivot, present).orElseThrow(() -> new BadInputException(
                    "view " + v.name() + " of corpus " + name + " has no pivot view: expected "
                            + parsed.pairedPivot(pivot) + " or " + parsed.withLanguage(pivot)));
            int n = index.get(p).size();
            if (n != v.size()) {
                throw new BadInputException("view " + v.name() + " has " + v.size() + " items but its pivot view "
                        + p + " has " + n + "; item i of both must be the same item");
            }
            result.put(v.name(), p);
        }
        return result;
    }

    private static boolean hasLanguage(Map<String, View> index, String language) {
        return index.values().stream().anyMatch(v -> v.parsedName().language().equals(language));
    }

    private void checkLabels() {
        for (var e : labels.entrySet()) {
            if (viewsOf(e.getKey()).isEmpty()) {
                throw new BadInputException("gold labels for " + e.getKey() + ", which has no views in corpus " + name);
            }
            for (View v : views) {
                if (v.parsedName().owner().equals(e.getKey()) && v.size() != e.getValue().size()) {
                    throw new BadInputException("language " + e.getKey() + " has " + e.getValue().size()
                            + " gold labels but view " + v.name() + " has " + v.size() + " items");
                }
            }
        }
    }

    /** A short human-readable name: the folder or file it was read from. */
    public String name() {
        return name;
    }

    /** The pivot language code; for a line-aligned corpus without options also its pivot view's name. */
    public String pivot() {
        return pivot;
    }

    /** All views, in capture order. */
    public List<View> views() {
        return views;
    }

    /** The names of all views, in capture order. */
    public List<String> viewNames() {
        return List.copyOf(byName.keySet());
    }

    public boolean hasView(String viewName) {
        return byName.containsKey(viewName);
    }

    /** The view named {@code viewName}; BadInputException listing the views when there is none. */
    public View view(String viewName) {
        View v = byName.get(viewName);
        if (v == null) {
            throw new BadInputException("corpus " + name + " has no view " + viewName + "; it has "
                    + Names.sample(byName.keySet()));
        }
        return v;
    }

    /**
     * The view that {@code viewName} is compared with: empty for views written in the pivot
     * language (they are the pivots), present for every other view.
     */
    public Optional<String> pivotFor(String viewName) {
        view(viewName);
        return Optional.ofNullable(pivotOf.get(viewName));
    }

    /**
     * The languages compared with the pivot, in view order: each view's {@link ViewName#owner()}
     * except the pivot itself ({@code fra} for {@code fra} and {@code eng-fra}).
     */
    public List<String> languages() {
        Set<String> langs = new LinkedHashSet<>();
        for (View v : views) {
            String owner = v.parsedName().owner();
            if (!owner.equals(pivot)) {
                langs.add(owner);
            }
        }
        return List.copyOf(langs);
    }

    /** The views that belong to {@code language} (its own and its paired pivot views), in view order. */
    public List<View> viewsOf(String language) {
        List<View> result = new ArrayList<>();
        for (View v : views) {
            if (v.parsedName().owner().equals(language)) {
                result.add(v);
            }
        }
        return result;
    }

    /** True when every view has the same number of items. */
    public boolean isLineAligned() {
        int n = views.get(0).size();
        return views.stream().allMatch(v -> v.size() == n);
    }

    /** The number of items of one view. */
    public int itemCount(String viewName) {
        return view(viewName).size();
    }

    /**
     * The number of items: for a line-aligned corpus, the count every view has; for a paired
     * corpus with unequal pairs, the sum over pairs (the number of distinct items read, e.g. of
     * Tatoeba sentence pairs). Per-view counts come from {@link #itemCount(String)}.
     */
    public int nItems() {
        if (isLineAligned()) {
            return views.get(0).size();
        }
        // One count per pair: each language's paired pivot views all have that pair's count.
        Map<String, Integer> perLanguage = new LinkedHashMap<>();
        for (View v : views) {
            perLanguage.putIfAbsent(v.parsedName().owner(), v.size());
        }
        return perLanguage.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The content identity: lowercase hex SHA-256 over view names and texts (see {@link CorpusDigest}). */
    public String sha256() {
        return sha256;
    }

    /** Gold labels per language (XCOPA), see the constructor; empty for corpora without labels. */
    public Map<String, List<Integer>> labels() {
        return labels;
    }

    @Override
    public String toString() {
        return "Corpus[" + name + ", pivot " + pivot + ", " + views.size() + " views, " + nItems() + " items]";
    }
}
