package org.babelscope.calm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.babelscope.model.TestModels;
import org.junit.jupiter.api.Test;

/** The vote over CALM's released X-CSQA samples, checked against a few lines of independent code. */
class CalmReleasedSamplesTest {
    /** Each file's answer markers, as the defaults document them. */
    private static final Map<String, String> MARKERS = Map.of("en", "Answer", "cn", "答案|Answer",
            "fr", "Réponse|Answer", "de", "Antwort|Answer", "it", "Risposta|Answer", "ja", "答え|回答|Answer");
    private static final List<String> FILES = List.of("en", "cn", "fr", "de", "it", "ja");
    /** The common case only: after the last marker, maybe "<", an upper-case letter not followed by a letter. */
    private static final Pattern SIMPLE_LETTER = Pattern.compile("\\s*<?([A-E])(?![A-Za-z])");

    @Test
    void majorityVoteAccuracyAgreesWithASimpleIndependentCount() throws IOException {
        Path dir = TestModels.sharedDir().resolve("data/xcsqa/samples");
        assumeTrue(Files.isDirectory(dir), () -> dir + " is not available");
        Map<String, JsonNode> raw = new LinkedHashMap<>();
        List<String> specs = new ArrayList<>();
        for (String l : FILES) {
            Path f = dir.resolve("x_csqa_" + l + "_train_sampled.json");
            raw.put(l, new ObjectMapper().readTree(f.toFile()));
            specs.add(l + "=" + f);
        }
        SampleSources.Loaded loaded = SampleSources.read(specs, List.of(), true);
        CrossLingualVote vote = new CrossLingualVote(AnswerMarkers.defaults());
        List<QuestionVote> votes = loaded.questions().stream().map(vote::vote).toList();
        VoteSummary summary = VoteSummary.of(votes, loaded.languages());

        raw.values().forEach(a -> assertEquals(899, a.size()));
        assertEquals(899, votes.size());
        int right = 0;
        for (int i = 0; i < 899; i++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> file : raw.entrySet()) {
                JsonNode item = file.getValue().get(i);
                assertEquals(raw.get("en").get(i).get("output"), item.get("output"));
                Pattern marker = Pattern.compile("(?i)(" + MARKERS.get(file.getKey()) + ")\\s*[:：]");
                for (JsonNode pred : item.get("pred")) {
                    int end = -1;
                    Matcher m = marker.matcher(pred.asText());
                    while (m.find()) {
                        end = m.end();
                    }
                    Matcher letter = SIMPLE_LETTER.matcher(pred.asText().substring(Math.max(end, 0)));
                    if (end >= 0 && letter.lookingAt()) {
                        counts.merge(letter.group(1), 1, Integer::sum);
                    }
                }
            }
            String best = null;
            for (String letter : counts.keySet()) {
                if (best == null || counts.get(letter) > counts.get(best)) {
                    best = letter;
                }
            }
            if (raw.get("en").get(i).get("output").asText().equals(best)) {
                right++;
            }
        }
        assertEquals(right / 899.0, summary.majorityVoteAccuracy(), 1e-12);
    }
}
