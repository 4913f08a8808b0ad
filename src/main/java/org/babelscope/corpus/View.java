package org.babelscope.corpus;

import java.util.List;
import java.util.Objects;

/**
 * One view of a corpus: its name (see {@link ViewName}) and one text per item, in item order.
 * Item i of a view and item i of its pivot view are the same item in two languages.
 */
public record View(String name, List<String> texts) {
    public View {
        Objects.requireNonNull(name, "name");
        texts = List.copyOf(texts); // immutable, and rejects null texts
    }

    /** The number of items. */
    public int size() {
        return texts.size();
    }

    /** The text of item {@code i}. */
    public String text(int i) {
        return texts.get(i);
    }

    /** The parsed parts of the name. */
    public ViewName parsedName() {
        return ViewName.parse(name);
    }
}
