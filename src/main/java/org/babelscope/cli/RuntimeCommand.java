package org.babelscope.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.babelscope.model.llama.LlamaPackages;
import org.babelscope.model.llama.LlamaProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The llama.cpp builds: fetch the GPU ones on demand, list what is installed. */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = {"The llama.cpp builds babelscope runs (release " + LlamaPackages.RELEASE + ", node-llama-cpp's npm",
                "packages, pinned and checksummed, kept in the cache, never in the project):"},
        subcommands = {RuntimeCommand.Install.class, RuntimeCommand.ListBuilds.class},
        footer = {"", "Examples:", "  babelscope runtime install vulkan", "  babelscope runtime list"})
final class RuntimeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "runtime needs a subcommand: install or list");
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Fetch a build with npm into the cache: cpu (the build fetches it), vulkan (NVIDIA, AMD and",
                    "Intel GPUs, 24 MB) or cuda (NVIDIA with CUDA 13's libcudart and libcublas, 159 MB unpacked)."},
            footer = {"", "Examples:", "  babelscope runtime install vulkan",
                    "  babelscope capture --model M.gguf --corpus builtin --gpu-layers 99 --out runs/mini"})
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "cpu|vulkan|cuda", arity = "1..*", description = "The builds to install.")
        List<String> builds;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (String name : builds) {
                LlamaPackages.Package p = LlamaPackages.Package.named(name);
                out.println(p.buildName + "  " + LlamaPackages.install(p, System.err));
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"The builds installed in the cache, each opened in a child process to list its devices."},
            footer = {"", "Example:", "  babelscope runtime list"})
    static final class ListBuilds implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println("cache: " + LlamaPackages.cacheRoot());
            for (LlamaPackages.Package p : LlamaPackages.Package.values()) {
                Optional<java.nio.file.Path> dir = LlamaPackages.installed(p);
                if (dir.isEmpty()) {
                    out.println(String.format(Locale.ROOT, "%-7s not installed ('babelscope runtime install %s')",
                            p.buildName, p.buildName));
                    continue;
                }
                LlamaProbe.Report r = LlamaProbe.probe(p.buildName, dir.get());
                BackendsCommand.printBuild(out, r);
            }
            out.flush();
            return Cli.OK;
        }
    }
}
