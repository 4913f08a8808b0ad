package org.babelscope.model.capture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.corpus.Corpus;
import org.babelscope.corpus.View;

/**
 * What a capture reads: named views of line-aligned texts (one language, or one option of one
 * language), and the identity of the corpus they came from, recorded in the store's manifest.
 *
 * @param views name to texts, in the order they are captured and listed
 */
public record CaptureInput(String name, String sha256, Map<String, List<String>> views) {
    /** Every view of a corpus, in its order, under the corpus's name and content digest. */
    public static CaptureInput from(Corpus corpus) {
        Map<String, List<String>> views = new LinkedHashMap<>();
        for (View v : corpus.views()) {
            views.put(v.name(), v.texts());
        }
        return new CaptureInput(corpus.name(), corpus.sha256(), views);
    }

    /** Items of the largest view (all views of a parallel corpus have the same count). */
    public int items() {
        return views.values().stream().mapToInt(List::size).max().orElse(0);
    }
}
