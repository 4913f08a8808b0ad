package org.babelscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.babelscope.calm.JsonLinesFile;
import org.babelscope.calm.VoteSummary;
import org.babelscope.report.ResultFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "vote", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Parse every sampled answer's letter after its language's answer marker, vote",
                "across languages (majority letter; ties: first seen in language order), and",
                "report first-sample and majority-vote accuracy, cross-lingual consistency,",
                "self-consistency and the DPO pairs calm pairs will make."},
        footer = {"", "Examples:",
                "  babelscope calm vote --samples runs/calm/samples.jsonl \\",
                "      --out runs/calm/votes.jsonl --summary runs/calm/summary.json",
                "  D=../shared/data/xcsqa/samples",
                "  babelscope calm vote --samples en=$D/x_csqa_en_train_sampled.json \\",
                "      --samples zh=$D/x_csqa_cn_train_sampled.json \\",
                "      --out votes.jsonl --summary summary.json",
                "", "Writes votes.jsonl (a line per question: target, consistency, each language's",
                "answers and letters) and the summary JSON, and prints the table.",
                "Then: babelscope calm pairs --votes votes.jsonl --out pairs.jsonl"})
final class CalmVoteCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    CalmSamplesOptions samples;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "votes.jsonl to write.")
    Path out;

    @Option(names = "--summary", required = true, paramLabel = "FILE", description = "summary JSON to write.")
    Path summary;

    @Override
    public Integer call() throws Exception {
        CalmSamplesOptions.Votes votes = samples.vote();
        VoteSummary s = VoteSummary.of(votes.votes(), votes.languages());
        JsonLinesFile.write(out, votes.votes());
        ResultFiles.writeAtomically(summary, JSON.writeValueAsBytes(s.toJson(JSON)));
        spec.commandLine().getOut().print(s.table());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("wrote " + out + " and " + summary);
        return Cli.OK;
    }
}
