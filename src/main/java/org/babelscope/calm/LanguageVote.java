package org.babelscope.calm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One language's answers to a question, as votes.jsonl stores them.
 *
 * @param lang      the language
 * @param prompt    the prompt the answers were sampled for (instruction, newline, input)
 * @param responses the sampled answers
 * @param answers   the letter each answer gives, null where it gives none
 * @param majority  the language's own majority letter (ties: first sampled), null if it has none
 */
public record LanguageVote(String lang, String prompt, List<String> responses, List<String> answers, String majority) {
    public LanguageVote {
        responses = List.copyOf(responses);
        // Not List.copyOf: an invalid answer is a null entry.
        answers = Collections.unmodifiableList(new ArrayList<>(answers));
    }

    /** The letter of the first sample: what answering in this language alone would give. */
    public String first() {
        return answers.isEmpty() ? null : answers.get(0);
    }
}
