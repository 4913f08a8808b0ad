package org.babelscope.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "lens", mixinStandardHelpOptions = true,
        description = {"Lens: split each layer's language means into a language-agnostic direction",
                "and a language-specific subspace, and steer a language with llama.cpp control",
                "vectors: toward the pivot in the agnostic part, away from it in the specific part."},
        subcommands = {LensFitCommand.class, LensExportCommand.class, LensSweepCommand.class,
                LensReportCommand.class},
        footer = {"", "Examples:",
                "  babelscope lens fit --store runs/flores --pivot eng_Latn --out runs/lens",
                "  babelscope lens export --lens runs/lens --lang swh_Latn --out sw.gguf",
                "  babelscope eval --model M.gguf --task xcopa --data ../shared/data/xcopa \\",
                "      --steer runs/lens --out runs/xcopa-steered/predictions.jsonl"})
final class LensCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: lens fit, lens export, lens sweep or lens report");
    }
}
