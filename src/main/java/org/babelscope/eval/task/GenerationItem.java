package org.babelscope.eval.task;

import java.util.List;
import java.util.Objects;

/**
 * One generation item (MGSM): generate greedily from {@code prompt} until one of
 * {@code stopStrings} appears, then compare the number in the output with {@code gold}
 * ({@link NumberAnswer}).
 *
 * @param id     {@code String.valueOf(index)} (MGSM has no ids)
 * @param index  0-based position of the item in its language's data file
 * @param prompt the prompt, few-shot examples included
 * @param gold   the right answer, as {@link NumberAnswer#normalize} writes it
 */
public record GenerationItem(String id, int index, String lang, String prompt, List<String> stopStrings, String gold) {
    public GenerationItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(gold, "gold");
        stopStrings = List.copyOf(stopStrings);
    }
}
