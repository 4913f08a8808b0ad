package org.babelscope.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure babelscope's speed against baselines run in the same process.",
        subcommands = {BenchKernelsCommand.class, BenchCaptureCommand.class, BenchEvalCommand.class, BenchAlignCommand.class},
        footer = {"", "Examples:", "  babelscope bench kernels --n 1000,10000 --d 1024,4096",
                "  babelscope bench capture --layers 16 --embd 2048 --weights q8_0",
                "  babelscope bench align --backends cpu,cuda"})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to measure: bench kernels, capture, eval or align");
    }
}
