package org.babelscope.calm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CALM's preference pairs: for every answer that does not give its question's target letter (another
 * letter, or no letter at all), a pair rejecting it and choosing an answer that gives the target,
 * taken from the same language when it has one, else from the first language (in language order)
 * that has. A question without a target (no valid answer in any language) gives no pair; a question
 * where every answer agrees gives none either.
 */
public final class PreferencePairs {
    /** The pairs, their count per language, and how many questions had no target. */
    public record Result(List<PreferencePair> pairs, Map<String, Integer> perLanguage, int questionsWithoutTarget) {
    }

    private PreferencePairs() {
    }

    public static Result of(List<QuestionVote> votes, List<String> languages) {
        List<PreferencePair> pairs = new ArrayList<>();
        Map<String, Integer> perLanguage = new LinkedHashMap<>();
        languages.forEach(l -> perLanguage.put(l, 0));
        int withoutTarget = 0;
        for (QuestionVote vote : votes) {
            if (vote.target() == null) {
                withoutTarget++;
                continue;
            }
            for (LanguageVote lang : vote.languages()) {
                for (int k = 0; k < lang.answers().size(); k++) {
                    if (Objects.equals(lang.answers().get(k), vote.target())) {
                        continue;
                    }
                    LanguageVote source = chosenSource(vote, lang);
                    String chosen = source.responses().get(source.answers().indexOf(vote.target()));
                    pairs.add(new PreferencePair(vote.item() + "-" + lang.lang() + "-" + k, lang.lang(), lang.prompt(),
                            chosen, lang.responses().get(k), source.lang()));
                    perLanguage.merge(lang.lang(), 1, Integer::sum);
                }
            }
        }
        return new Result(pairs, perLanguage, withoutTarget);
    }

    /** The language whose answer is chosen: the rejected answer's own when it gives the target. */
    private static LanguageVote chosenSource(QuestionVote vote, LanguageVote own) {
        if (own.answers().contains(vote.target())) {
            return own;
        }
        return vote.languages().stream().filter(l -> l.answers().contains(vote.target())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the target " + vote.target() + " of item " + vote.item()
                        + " is given by no answer"));
    }
}
