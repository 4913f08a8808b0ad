package org.babelscope.eval.task;

import java.util.List;
import java.util.Objects;

/**
 * One multiple-choice item, ready to score: request k is ({@code context},
 * {@code continuations.get(k)}), and the prediction is the continuation with the highest
 * log-likelihood.
 *
 * @param id            the data set's own id when it has one (XCOPA {@code idx}, XStoryCloze
 *                      {@code InputStoryid}, jsonl-mc {@code id}), else {@code String.valueOf(index)}
 * @param index         0-based position of the item in its language's data file, the position the
 *                      capture of option views gives it, so item scores and predictions join
 * @param lang          the language as {@link TaskSet#languages()} names it
 * @param context       the prompt, few-shot examples included; may be empty (option files whose
 *                      options share no word), in which case the scorer conditions on the start of
 *                      text only
 * @param continuations the choices, each as it follows the context (templates: beginning with the
 *                      harness's target delimiter " "); when the context ended in whitespace, that
 *                      whitespace has been moved to the front of every continuation
 * @param gold          index of the right continuation, or -1 when the data has no gold label
 */
public record ChoiceItem(String id, int index, String lang, String context, List<String> continuations, int gold) {
    public ChoiceItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(context, "context");
        continuations = List.copyOf(continuations);
        if (continuations.isEmpty()) {
            throw new IllegalArgumentException("item " + id + " has no continuations");
        }
        if (gold < -1 || gold >= continuations.size()) {
            throw new IllegalArgumentException("item " + id + ": gold " + gold + " outside -1.." + (continuations.size() - 1));
        }
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
    }

    /** Whether the data gave this item a gold label. */
    public boolean hasGold() {
        return gold >= 0;
    }
}
