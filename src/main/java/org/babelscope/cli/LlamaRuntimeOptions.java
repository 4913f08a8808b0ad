package org.babelscope.cli;

import java.nio.file.Path;
import org.babelscope.model.llama.LlamaRuntime;
import org.babelscope.runner.Isolation;
import picocli.CommandLine.Option;

/** Which llama.cpp runs the model: the options of every command that loads one. */
public final class LlamaRuntimeOptions {
    @Option(names = "--llama-runtime", paramLabel = "auto|cpu|vulkan|cuda|java-llama",
            description = {"The llama.cpp build (default: $BABELSCOPE_LLAMA_RUNTIME, else auto: the CPU build, or with",
                    "--gpu-layers the installed CUDA, else Vulkan build; 'babelscope runtime install vulkan|cuda').",
                    "java-llama: llama.cpp b4916 inside java-llama.cpp (CPU only, no Qwen3)."})
    String runtime;

    @Option(names = "--llama-lib", paramLabel = "DIR",
            description = {"Your own build of llama.cpp " + org.babelscope.model.llama.LlamaPackages.RELEASE
                    + " (ROCm, another CUDA): the folder of its libllama.so and",
                    "backends (default: $BABELSCOPE_LLAMA_LIB)."})
    Path lib;

    @Option(names = "--poll", paramLabel = "0..100", defaultValue = "${env:BABELSCOPE_LLAMA_POLL:--1}",
            description = {"How llama.cpp's CPU workers wait for work: 0 sleeps, 100 spins; -1 keeps llama.cpp's own",
                    "pool (spins at 50) (default: ${DEFAULT-VALUE})."})
    int poll;

    @Option(names = IsolatingStrategy.OPTION, paramLabel = "process|none",
            description = {"process (default, else $BABELSCOPE_ISOLATION): run llama.cpp in a runner process, so that a",
                    "file that crashes llama.cpp ends in a one-line error (exit 2), not in a crash of this command;",
                    "none: in this process (starts about 0.5 s sooner)."})
    String isolation;

    /** Records the choice for this process; the first model load opens it. */
    void apply() {
        Isolation.mode(isolation);
        LlamaRuntime.configurePoll(poll);
        if (runtime != null && !runtime.matches("auto|cpu|vulkan|cuda|java-llama")) {
            throw new org.babelscope.BadInputException("--llama-runtime must be auto, cpu, vulkan, cuda or java-llama, not '"
                    + runtime + "'");
        }
        LlamaRuntime.configure(runtime, lib);
    }
}
