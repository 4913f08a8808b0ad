package org.babelscope.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "lift", mixinStandardHelpOptions = true,
        description = {"LinguaLIFT's language alignment layer: per language and layer, a linear map",
                "from the language's embeddings onto the pivot's, fitted on parallel items and",
                "judged on held-out ones, with results by resource tier."},
        subcommands = {LiftFitCommand.class, LiftApplyCommand.class, LiftReportCommand.class},
        footer = {"", "Examples:",
                "  babelscope lift fit --store runs/flores --pivot eng_Latn --layers 4-7 --out runs/lift",
                "  babelscope lift report --lift runs/lift --store runs/flores --by-tier --out runs/lift-report",
                "  babelscope lift apply --lift runs/lift --store runs/flores --out runs/flores-lifted"})
final class LiftCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: lift fit, lift apply or lift report");
    }
}
