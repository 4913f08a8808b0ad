package org.babelscope.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Numbers in babelscope's JSON outputs: a value that is not finite (NaN: undefined, no data) is
 * written as {@code null}, which every JSON reader accepts; Jackson's default would write the
 * string "NaN".
 */
public final class JsonNumbers {
    private JsonNumbers() {
    }

    public static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    public static void add(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    /** Adds every value of {@code values}, each as {@link #add} does. */
    public static ArrayNode addAll(ArrayNode a, double[] values) {
        for (double v : values) {
            add(a, v);
        }
        return a;
    }
}
