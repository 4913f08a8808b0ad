package org.babelscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.babelscope.calm.AnswerMarkers;
import org.babelscope.calm.CrossLingualVote;
import org.babelscope.calm.QuestionVote;
import org.babelscope.calm.SampleSources;
import picocli.CommandLine.Option;

/** The sampled answers a cross-lingual vote reads (calm vote, calm answer), and the vote itself. */
final class CalmSamplesOptions {
    @Option(names = "--samples", required = true, paramLabel = "PATH|LANG=FILE",
            description = {"calm sample's samples.jsonl, or LANG=FILE for a released",
                    "x_csqa_<l>_train_sampled.json (repeat for every language)."})
    List<String> samples;

    @Option(names = "--langs", split = ",", paramLabel = "LANGS",
            description = "Languages to vote with, in tie-breaking order (default: all, in the order given; cn = zh).")
    List<String> langs = new ArrayList<>();

    @Option(names = "--markers", paramLabel = "FILE",
            description = "JSON {\"lang\": [\"Answer\", ...]}: answer markers replacing a language's defaults.")
    Path markers;

    /** The votes, one per question, and the languages in order. */
    record Votes(List<String> languages, List<QuestionVote> votes) {
    }

    Votes vote() {
        CrossLingualVote vote = new CrossLingualVote(AnswerMarkers.load(markers));
        SampleSources.Loaded loaded = SampleSources.read(samples, langs, true);
        vote.requireMarkers(loaded.languages());
        return new Votes(loaded.languages(), loaded.questions().stream().map(vote::vote).toList());
    }
}
