package org.babelscope.eval.task;

import java.util.List;

/**
 * An item before few-shot assembly: its own context (the harness's {@code doc_to_text}), its
 * continuations as they follow that context, its gold index (-1: none). {@code where} names its
 * file and line for messages.
 */
record Doc(String id, int index, String context, List<String> continuations, int gold, String where) {
    Doc {
        continuations = List.copyOf(continuations);
    }

    /** The harness's few-shot example: context + target delimiter + gold choice. */
    String shotText() {
        return context + continuations.get(gold);
    }
}
