package org.babelscope.report;

import java.util.ArrayList;
import java.util.List;

/** Writes a list of layer numbers compactly: [0,1,2,3,7] as "0-3,7". */
final class LayerSpan {
    private LayerSpan() {
    }

    static String describe(List<Integer> layers) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < layers.size()) {
            int j = i;
            while (j + 1 < layers.size() && layers.get(j + 1) == layers.get(j) + 1) {
                j++;
            }
            parts.add(j == i ? String.valueOf(layers.get(i)) : layers.get(i) + "-" + layers.get(j));
            i = j + 1;
        }
        return String.join(",", parts);
    }
}
