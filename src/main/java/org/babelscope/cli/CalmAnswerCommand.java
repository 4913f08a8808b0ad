package org.babelscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.babelscope.calm.JsonLinesFile;
import org.babelscope.calm.QuestionVote;
import org.babelscope.calm.VoteSummary;
import org.babelscope.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "answer", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Answer every question by the cross-lingual vote (the majority letter over all",
                "languages' sampled answers) and compare its accuracy with answering in each",
                "language alone (that language's first sample)."},
        footer = {"", "Example:",
                "  babelscope calm answer --samples runs/calm/samples.jsonl \\",
                "      --out runs/calm/answers.jsonl",
                "", "Writes answers.jsonl, a line per question: {\"item\",\"gold\",\"answer\",",
                "\"correct\",\"single\":{lang: letter}}, and prints per language: alone,",
                "by vote, and the gain."})
final class CalmAnswerCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    CalmSamplesOptions samples;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "answers.jsonl to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        CalmSamplesOptions.Votes votes = samples.vote();
        List<ObjectNode> lines = new ArrayList<>();
        for (QuestionVote v : votes.votes()) {
            ObjectNode line = JSON.createObjectNode();
            line.put("item", v.item());
            line.put("gold", v.gold());
            line.put("answer", v.target());
            line.put("correct", v.targetCorrect());
            ObjectNode single = line.putObject("single");
            v.languages().forEach(l -> single.put(l.lang(), l.first()));
            lines.add(line);
        }
        JsonLinesFile.write(out, lines);
        VoteSummary s = VoteSummary.of(votes.votes(), votes.languages());
        TextTable t = new TextTable(List.of("lang", "alone", "by vote", "gain"));
        for (String lang : votes.languages()) {
            double alone = s.firstSampleAccuracy().get(lang);
            t.add(List.of(lang, VoteSummary.number(alone), VoteSummary.number(s.majorityVoteAccuracy()),
                    VoteSummary.number(s.majorityVoteAccuracy() - alone)));
        }
        spec.commandLine().getOut().print(t.render());
        spec.commandLine().getOut().printf("%d questions answered by a vote over %s%n", votes.votes().size(),
                String.join(", ", votes.languages()));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("wrote " + out);
        return Cli.OK;
    }
}
