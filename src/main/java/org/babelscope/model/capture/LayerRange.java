package org.babelscope.model.capture;

import java.util.ArrayList;
import java.util.List;
import org.babelscope.BadInputException;

/** A contiguous range of model layers to capture, {@code first..last} inclusive (0-based). */
public record LayerRange(int first, int last) {
    /** Parses {@code all}, {@code a-b} or {@code a} against a model of {@code nLayer} layers. */
    public static LayerRange parse(String spec, int nLayer) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("all")) {
            return new LayerRange(0, nLayer - 1);
        }
        try {
            int dash = s.indexOf('-');
            int a = Integer.parseInt(dash < 0 ? s : s.substring(0, dash).trim());
            int b = dash < 0 ? a : Integer.parseInt(s.substring(dash + 1).trim());
            if (a < 0 || b >= nLayer || a > b) {
                throw new BadInputException("--layers " + spec + " is outside the model's layers 0-" + (nLayer - 1));
            }
            return new LayerRange(a, b);
        } catch (NumberFormatException e) {
            throw new BadInputException("--layers must be all, a-b or a single layer, got '" + spec + "'");
        }
    }

    public int count() {
        return last - first + 1;
    }

    public List<Integer> layers() {
        List<Integer> l = new ArrayList<>(count());
        for (int i = first; i <= last; i++) {
            l.add(i);
        }
        return l;
    }
}
