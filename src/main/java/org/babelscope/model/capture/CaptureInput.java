package org.babelscope.model.capture;

import java.util.List;
import java.util.Map;

/**
 * What a capture reads: named views of line-aligned texts (one language, or one option of one
 * language), and the identity of the corpus they came from, recorded in the store's manifest.
 *
 * @param views name to texts, in the order they are captured and listed
 */
public record CaptureInput(String name, String sha256, Map<String, List<String>> views) {
    /** Items of the largest view (all views of a parallel corpus have the same count). */
    public int items() {
        return views.values().stream().mapToInt(List::size).max().orElse(0);
    }
}
