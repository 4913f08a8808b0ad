package org.babelscope.calm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CALM's vote: every language's sampled answers are parsed, the target is the majority letter
 * over all of them, and consistency counts the language pairs whose own majority letters agree.
 * A language's own majority (not its first sample) stands for it in consistency, so S samples give
 * a steadier answer than one; with one sample per language the two coincide.
 */
public final class CrossLingualVote {
    private final AnswerMarkers markers;
    /** One parser per language, not per question: building one compiles its marker pattern. */
    private final Map<String, AnswerParser> parsers = new ConcurrentHashMap<>();

    public CrossLingualVote(AnswerMarkers markers) {
        this.markers = markers;
    }

    /** Fails with bad input, before any voting, when a language has no answer markers. */
    public void requireMarkers(List<String> languages) {
        languages.forEach(markers::parser);
    }

    public QuestionVote vote(CalmQuestion question) {
        List<LanguageVote> languages = new ArrayList<>();
        List<String> allLetters = new ArrayList<>();
        for (Map.Entry<String, LanguageSamples> e : question.byLanguage().entrySet()) {
            AnswerParser parser = parsers.computeIfAbsent(e.getKey(), markers::parser);
            LanguageSamples s = e.getValue();
            String letters = s.optionLetters();
            List<String> answers = new ArrayList<>();
            for (String response : s.responses()) {
                answers.add(parser.parse(response, letters).orElse(null));
            }
            allLetters.addAll(answers);
            languages.add(new LanguageVote(e.getKey(), s.prompt(), s.responses(), answers, Majority.of(answers)));
        }
        return new QuestionVote(question.item(), question.gold(), Majority.of(allLetters), consistency(languages),
                languages);
    }

    /** Equal-answer pairs over C(n,2), n = languages with a majority letter; null when n &lt; 2. */
    static Double consistency(List<LanguageVote> languages) {
        List<String> answers = languages.stream().map(LanguageVote::majority).filter(a -> a != null).toList();
        int n = answers.size();
        if (n < 2) {
            return null;
        }
        int equal = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (answers.get(i).equals(answers.get(j))) {
                    equal++;
                }
            }
        }
        return equal / (n * (n - 1) / 2.0);
    }
}
