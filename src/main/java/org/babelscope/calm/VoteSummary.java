package org.babelscope.calm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.babelscope.report.JsonNumbers;
import org.babelscope.report.TextTable;

/**
 * What a vote says about a model, over all questions.
 *
 * <ul>
 *   <li>first-sample accuracy per language: answering in that language alone (its first sample;
 *       no letter counts as wrong), over the questions with a gold letter;
 *   <li>majority-vote accuracy: the target against gold (no target counts as wrong);
 *   <li>consistency: the per-question consistency averaged over the questions where at least two
 *       languages have an answer (the others are counted in {@code consistency_excluded});
 *   <li>self-consistency per language: the share of a question's samples that give the language's
 *       own majority letter (invalid ones never do; no valid answer gives 0), averaged over questions;
 *   <li>pairs per language: the DPO pairs {@code calm pairs} makes from the vote.
 * </ul>
 */
public record VoteSummary(List<String> languages, int questions, int questionsWithGold,
        Map<String, Double> firstSampleAccuracy, double majorityVoteAccuracy, double consistency,
        int consistencyQuestions, Map<String, Double> selfConsistency, Map<String, Integer> pairsPerLanguage,
        int questionsWithoutTarget) {

    public static VoteSummary of(List<QuestionVote> votes, List<String> languages) {
        Map<String, Double> first = new LinkedHashMap<>();
        Map<String, Double> self = new LinkedHashMap<>();
        int withGold = (int) votes.stream().filter(v -> v.gold() != null).count();
        for (int l = 0; l < languages.size(); l++) {
            int index = l;
            long right = votes.stream().filter(v -> v.gold() != null)
                    .filter(v -> v.gold().equals(v.languages().get(index).first())).count();
            first.put(languages.get(l), withGold == 0 ? Double.NaN : right / (double) withGold);
            self.put(languages.get(l), votes.stream().mapToDouble(v -> agreement(v.languages().get(index)))
                    .average().orElse(Double.NaN));
        }
        long voteRight = votes.stream().filter(QuestionVote::targetCorrect).count();
        List<Double> consistencies = votes.stream().map(QuestionVote::consistency).filter(c -> c != null).toList();
        PreferencePairs.Result pairs = PreferencePairs.of(votes, languages);
        return new VoteSummary(languages, votes.size(), withGold, first,
                withGold == 0 ? Double.NaN : voteRight / (double) withGold,
                consistencies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                consistencies.size(), self, pairs.perLanguage(), pairs.questionsWithoutTarget());
    }

    private static double agreement(LanguageVote lang) {
        if (lang.majority() == null || lang.answers().isEmpty()) {
            return 0;
        }
        return lang.answers().stream().filter(lang.majority()::equals).count() / (double) lang.answers().size();
    }

    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("format", "babelscope-calm-vote/1");
        root.set("languages", json.valueToTree(languages));
        root.put("questions", questions);
        root.put("questions_with_gold", questionsWithGold);
        putAll(root.putObject("first_sample_accuracy"), firstSampleAccuracy);
        JsonNumbers.put(root, "majority_vote_accuracy", majorityVoteAccuracy);
        JsonNumbers.put(root, "consistency", consistency);
        root.put("consistency_questions", consistencyQuestions);
        root.put("consistency_excluded", questions - consistencyQuestions);
        root.put("consistency_note", "questions where fewer than two languages give a valid answer are excluded");
        putAll(root.putObject("self_consistency"), selfConsistency);
        ObjectNode pairs = root.putObject("pairs_per_language");
        pairsPerLanguage.forEach(pairs::put);
        root.put("pairs_total", pairsPerLanguage.values().stream().mapToInt(Integer::intValue).sum());
        root.put("questions_without_target", questionsWithoutTarget);
        return root;
    }

    private static void putAll(ObjectNode node, Map<String, Double> values) {
        values.forEach((k, v) -> JsonNumbers.put(node, k, v));
    }

    /** Per language: first-sample accuracy, self-consistency, pairs; then the vote's own numbers. */
    public String table() {
        TextTable t = new TextTable(List.of("lang", "first-sample acc", "self-consistency", "pairs"));
        for (String lang : languages) {
            t.add(List.of(lang, number(firstSampleAccuracy.get(lang)), number(selfConsistency.get(lang)),
                    String.valueOf(pairsPerLanguage.get(lang))));
        }
        return t.render() + String.format(Locale.ROOT,
                "%d questions: majority-vote accuracy %s, cross-lingual consistency %s (over %d questions; %d with"
                        + " fewer than two answering languages excluded), %d pairs, %d questions without a target%n",
                questions, number(majorityVoteAccuracy), number(consistency), consistencyQuestions,
                questions - consistencyQuestions, pairsPerLanguage.values().stream().mapToInt(Integer::intValue).sum(),
                questionsWithoutTarget);
    }

    /** Four decimals, or "-" for no value. */
    public static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
