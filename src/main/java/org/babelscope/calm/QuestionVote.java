package org.babelscope.calm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The cross-lingual vote on one question: a line of votes.jsonl.
 *
 * @param item        the position in the files
 * @param gold        the gold letter, or null
 * @param target      the majority letter over every language's valid answers (ties: first seen in
 *                    language order, then sample order), null when no answer is valid
 * @param consistency equal-answer language pairs / C(n,2) over the n languages with a majority
 *                    letter, null when n &lt; 2
 * @param languages   the languages' answers, in language order
 */
public record QuestionVote(int item, String gold, String target, Double consistency, List<LanguageVote> languages) {
    public QuestionVote {
        languages = List.copyOf(languages);
    }

    @JsonIgnore
    public boolean targetCorrect() {
        return target != null && target.equals(gold);
    }
}
