package org.babelscope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.babelscope.calm.JsonLinesFile;
import org.babelscope.calm.LanguageVote;
import org.babelscope.calm.PreferencePairs;
import org.babelscope.calm.QuestionVote;
import org.babelscope.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pairs", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Turn a vote into DPO pairs: every answer that does not give its question's",
                "target letter is rejected against an answer that does (from the same language",
                "when it has one). Questions without a target give no pair."},
        footer = {"", "Example:",
                "  babelscope calm pairs --votes runs/calm/votes.jsonl \\",
                "      --out runs/calm/pairs.jsonl",
                "", "Writes pairs.jsonl, a line per pair: {\"prompt\",\"chosen\",\"rejected\",",
                "\"lang\",\"id\",\"chosen_lang\"}, and prints the pairs per language."})
final class CalmPairsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--votes", required = true, paramLabel = "FILE", description = "votes.jsonl of calm vote.")
    Path votes;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "pairs.jsonl to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<QuestionVote> read = JsonLinesFile.read(votes, QuestionVote.class);
        List<String> languages = read.get(0).languages().stream().map(LanguageVote::lang).toList();
        PreferencePairs.Result result = PreferencePairs.of(read, languages);
        JsonLinesFile.write(out, result.pairs());
        TextTable t = new TextTable(List.of("lang", "pairs"));
        result.perLanguage().forEach((lang, n) -> t.add(List.of(lang, String.valueOf(n))));
        spec.commandLine().getOut().print(t.render());
        spec.commandLine().getOut().printf("%d pairs from %d questions; %d questions without a target gave none%n",
                result.pairs().size(), read.size(), result.questionsWithoutTarget());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("wrote " + out);
        return Cli.OK;
    }
}
