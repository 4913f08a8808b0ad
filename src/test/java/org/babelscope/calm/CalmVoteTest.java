package org.babelscope.calm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;

class CalmVoteTest {
    private static final String INPUT = "Where?\nA. town\nB. michigan\nC. hospital\nD. schools\nE. office";
    private static final CrossLingualVote VOTE = new CrossLingualVote(AnswerMarkers.defaults());

    /** A question whose languages answered with these letters ("-" for an answer without one). */
    private static CalmQuestion question(String gold, String... langAndLetters) {
        Map<String, LanguageSamples> byLanguage = new LinkedHashMap<>();
        for (String spec : langAndLetters) {
            String[] parts = spec.split("=");
            List<String> responses = parts[1].chars()
                    .mapToObj(c -> c == '-' ? "I do not know." : "Explanation: because.\nAnswer: " + (char) c).toList();
            byLanguage.put(parts[0], new LanguageSamples("Answer the question.", INPUT, responses));
        }
        return new CalmQuestion(0, gold, byLanguage);
    }

    @Test
    void aTieGoesToTheLetterSeenFirstInLanguageOrder() {
        assertEquals("B", VOTE.vote(question("A", "en=BA", "de=AB")).target());
        assertEquals("A", VOTE.vote(question("A", "de=AB", "en=BA")).target());
        // Within a language, sample order decides.
        assertEquals("C", VOTE.vote(question("A", "en=-CD")).target());
    }

    @Test
    void aLanguagesOwnMajorityBreaksItsTiesBySampleOrderToo() {
        LanguageVote en = VOTE.vote(question("A", "en=CDD", "de=BBA")).languages().get(0);
        assertEquals(List.of("C", "D", "D"), en.answers());
        assertEquals("D", en.majority());
        assertEquals("C", en.first());
    }

    @Test
    void whenEveryLanguageAgreesThereAreNoPairsAndConsistencyIsOne() {
        QuestionVote v = VOTE.vote(question("C", "en=CCC", "fr=CCC", "ja=CCC"));
        assertEquals("C", v.target());
        assertEquals(1.0, v.consistency());
        PreferencePairs.Result pairs = PreferencePairs.of(List.of(v), List.of("en", "fr", "ja"));
        assertTrue(pairs.pairs().isEmpty());
        assertEquals(Map.of("en", 0, "fr", 0, "ja", 0), pairs.perLanguage());
    }

    @Test
    void aQuestionWithNoValidAnswerHasNoTargetNoConsistencyAndNoPairs() {
        QuestionVote v = VOTE.vote(question("C", "en=--", "de=--"));
        assertNull(v.target());
        assertNull(v.consistency());
        PreferencePairs.Result pairs = PreferencePairs.of(List.of(v), List.of("en", "de"));
        assertTrue(pairs.pairs().isEmpty());
        assertEquals(1, pairs.questionsWithoutTarget());
        VoteSummary s = VoteSummary.of(List.of(v), List.of("en", "de"));
        assertEquals(0, s.majorityVoteAccuracy());
        assertEquals(0, s.consistencyQuestions());
    }

    @Test
    void consistencyByHandOnThreeLanguages() {
        // Majorities: en B (B,B,C), fr B (B,-,-), ja C (C,C,A). Pairs: en-fr equal, en-ja and fr-ja not:
        // 1 equal pair of C(3,2) = 3.
        QuestionVote v = VOTE.vote(question("B", "en=BBC", "fr=B--", "ja=CCA"));
        assertEquals(1 / 3.0, v.consistency(), 1e-12);
        // Target over all seven valid answers: B 3, C 3, A 1; B is seen first.
        assertEquals("B", v.target());
        // A language without a valid answer leaves n = 2: en B, ja C, no equal pair.
        assertEquals(0.0, VOTE.vote(question("B", "en=BBC", "fr=---", "ja=CCA")).consistency());
        // One answering language: no pair to compare, excluded.
        assertNull(VOTE.vote(question("B", "en=BBC", "fr=---")).consistency());
    }

    @Test
    void summaryByHand() {
        List<QuestionVote> votes = List.of(
                VOTE.vote(question("B", "en=BBC", "fr=B--", "ja=CCA")),
                VOTE.vote(question("A", "en=AAA", "fr=AAA", "ja=AAA")));
        VoteSummary s = VoteSummary.of(votes, List.of("en", "fr", "ja"));
        assertEquals(Map.of("en", 1.0, "fr", 1.0, "ja", 0.5), s.firstSampleAccuracy());
        assertEquals(1.0, s.majorityVoteAccuracy());
        assertEquals((1 / 3.0 + 1) / 2, s.consistency(), 1e-12);
        // en: 2 of 3 give B, then 3 of 3; fr: 1 of 3, then 3 of 3; ja: 2 of 3, then 3 of 3.
        assertEquals((2 / 3.0 + 1) / 2, s.selfConsistency().get("en"), 1e-12);
        assertEquals((1 / 3.0 + 1) / 2, s.selfConsistency().get("fr"), 1e-12);
        assertEquals((2 / 3.0 + 1) / 2, s.selfConsistency().get("ja"), 1e-12);
        // Answers not giving B: en 1, fr 2 (invalid), ja 3.
        assertEquals(Map.of("en", 1, "fr", 2, "ja", 3), s.pairsPerLanguage());
    }

    @Test
    void pairsChooseAnAnswerFromTheSameLanguageWhenThereIsOne() {
        QuestionVote v = VOTE.vote(question("B", "en=BBC", "fr=B--", "ja=CCA"));
        List<PreferencePair> pairs = PreferencePairs.of(List.of(v), List.of("en", "fr", "ja")).pairs();
        assertEquals(6, pairs.size());
        PreferencePair en = pairs.get(0);
        assertEquals("0-en-2", en.id());
        assertEquals("en", en.chosenLang());
        assertEquals("Explanation: because.\nAnswer: B", en.chosen());
        assertEquals("Explanation: because.\nAnswer: C", en.rejected());
        assertEquals("Answer the question.\n" + INPUT, en.prompt());
        // ja has no B: the chosen answer comes from the first language that has one.
        PreferencePair ja = pairs.get(3);
        assertEquals("ja", ja.lang());
        assertEquals("en", ja.chosenLang());
    }

    @Test
    void aLanguageWithoutMarkersIsBadInput() {
        assertThrows(BadInputException.class, () -> VOTE.requireMarkers(List.of("en", "xx")));
    }
}
