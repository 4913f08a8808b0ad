package org.babelscope.eval.task;

import java.util.List;

/** One multiple-choice item, ready to score: request k is (context, continuations.get(k)). */
public record ChoiceItem(String id, int index, String lang, String context, List<String> continuations, int gold) {
}
