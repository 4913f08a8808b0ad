package org.babelscope.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "calm", mixinStandardHelpOptions = true,
        description = {"CALM: sample answers to the same question in several languages, take the",
                "majority letter over all of them as the target, measure how consistent the",
                "languages are, and turn every disagreeing answer into a DPO pair."},
        subcommands = {CalmSampleCommand.class, CalmVoteCommand.class, CalmPairsCommand.class, CalmAnswerCommand.class},
        footer = {"", "Examples:",
                "  babelscope calm sample --model M.gguf --data ../shared/data/xcsqa/test \\",
                "      --langs en,zh,de --samples 3 --out runs/calm/samples.jsonl",
                "  babelscope calm vote --samples runs/calm/samples.jsonl \\",
                "      --out runs/calm/votes.jsonl --summary runs/calm/summary.json",
                "  babelscope calm pairs --votes runs/calm/votes.jsonl \\",
                "      --out runs/calm/pairs.jsonl"})
final class CalmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: calm sample, calm vote, calm pairs or calm answer");
    }
}
