package org.babelscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.babelscope.compute.BackendUnavailableException;
import org.babelscope.compute.Backends;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.Precision;
import org.babelscope.model.llama.LlamaPackages;
import org.babelscope.model.llama.LlamaProbe;
import org.babelscope.model.llama.LlamaRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which kernel backends this machine can run and which one {@code --backend auto} takes; which
 * llama.cpp builds are installed, their devices, and which one {@code --llama-runtime auto} takes.
 */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"Say which kernel backends run here: the CPU (threads, OpenBLAS) and CUDA (the device, its",
                "driver and runtime, or why not), and which one --backend auto takes. Opens each backend",
                "once, so a device that is listed but unusable shows as unavailable. Then the llama.cpp builds",
                "(each opened in a child process: its version and devices) and which one runs models."},
        footer = {"", "Examples:", "  babelscope backends", "  babelscope backends --json"})
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of lines.")
    boolean json;

    @Mixin
    LlamaRuntimeOptions llama;

    @Override
    public Integer call() throws Exception {
        String cpu;
        try (Kernels k = Backends.cpu()) {
            cpu = k.description();
        } catch (LinkageError missing) {
            // A trimmed class path (the GPU host's bundle carries no OpenBLAS) still lists llama.cpp.
            cpu = "unavailable: " + missing;
        }
        String cuda = null;
        Optional<String> why = Backends.cudaUnavailableReason();
        if (why.isEmpty()) {
            try (Kernels k = Backends.cuda(0, Precision.FP32)) {
                cuda = k.description();
            } catch (BackendUnavailableException e) {
                why = Optional.of(e.getMessage());
            }
        }
        String auto = cuda != null ? "cuda" : "cpu";
        PrintWriter out = spec.commandLine().getOut();
        List<LlamaProbe.Report> builds = llamaBuilds();
        String llamaAuto = llama.lib != null ? "custom" : "cpu";
        String llamaGpu = LlamaPackages.installed(LlamaPackages.Package.CUDA).isPresent() ? "cuda"
                : LlamaPackages.installed(LlamaPackages.Package.VULKAN).isPresent() ? "vulkan" : null;
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.putObject("cpu").put("available", true).put("description", cpu);
            ObjectNode c = root.putObject("cuda").put("available", cuda != null);
            if (cuda != null) {
                c.put("description", cuda);
            } else {
                c.put("reason", why.orElse(""));
            }
            root.put("auto", auto);
            ObjectNode l = root.putObject("llama");
            l.put("cache", LlamaPackages.cacheRoot().toString());
            var arr = l.putArray("builds");
            for (LlamaProbe.Report r : builds) {
                ObjectNode b = arr.addObject().put("name", r.build()).put("available", r.ok());
                if (r.ok()) {
                    b.put("release", r.release()).put("library", r.library()).put("system", r.system());
                    var devs = b.putArray("devices");
                    for (LlamaRuntime.Device d : r.devices()) {
                        devs.addObject().put("name", d.name()).put("description", d.description()).put("type", d.type())
                                .put("memory_free", d.memoryFree()).put("memory_total", d.memoryTotal());
                    }
                } else {
                    b.put("reason", r.error());
                }
            }
            for (LlamaPackages.Package p : LlamaPackages.Package.values()) {
                if (LlamaPackages.installed(p).isEmpty()) {
                    arr.addObject().put("name", p.buildName).put("available", false).put("reason", "not installed");
                }
            }
            l.put("auto", llamaAuto);
            if (llamaGpu != null) {
                l.put("auto_gpu_layers", llamaGpu);
            } else {
                l.putNull("auto_gpu_layers");
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.println("cpu   " + (cpu.startsWith("unavailable") ? cpu : "available: " + cpu));
            out.println("cuda  " + (cuda != null ? "available: " + cuda : "unavailable: " + why.orElse("")));
            out.println("--backend auto takes " + auto);
            out.println();
            out.println("llama.cpp builds (cache " + LlamaPackages.cacheRoot() + "):");
            for (LlamaProbe.Report r : builds) {
                printBuild(out, r);
            }
            for (LlamaPackages.Package p : LlamaPackages.Package.values()) {
                if (LlamaPackages.installed(p).isEmpty()) {
                    out.println(String.format(Locale.ROOT, "%-10s not installed ('babelscope runtime install %s')",
                            p.buildName, p.buildName));
                }
            }
            out.println("--llama-runtime auto takes " + llamaAuto + "; with --gpu-layers, "
                    + (llamaGpu != null ? llamaGpu : "none (no GPU build installed)"));
        }
        out.flush();
        return Cli.OK;
    }

    /** Each installed build, the --llama-lib folder if given, and java-llama.cpp's b4916. */
    private List<LlamaProbe.Report> llamaBuilds() {
        List<LlamaProbe.Report> out = new ArrayList<>();
        if (llama.lib != null) {
            out.add(LlamaProbe.probe("custom", llama.lib));
        }
        for (LlamaPackages.Package p : LlamaPackages.Package.values()) {
            LlamaPackages.installed(p).ifPresent(dir -> out.add(LlamaProbe.probe(p.buildName, dir)));
        }
        out.add(LlamaProbe.probe("java-llama", null));
        return out;
    }

    /** A build's lines: name, release and library, then one line per device. */
    static void printBuild(PrintWriter out, LlamaProbe.Report r) {
        if (!r.ok()) {
            out.println(String.format(Locale.ROOT, "%-10s unavailable: %s", r.build(), r.error()));
            return;
        }
        out.println(String.format(Locale.ROOT, "%-10s llama.cpp %s  %s", r.build(), r.release(), r.library()));
        for (LlamaRuntime.Device d : r.devices()) {
            out.println(String.format(Locale.ROOT, "%-10s   %-5s %s (%s)%s", "", d.type(), d.name(), d.description(),
                    d.memoryTotal() > 0 ? String.format(Locale.ROOT, ", %.1f of %.1f GiB free", d.memoryFree() / 1073741824.0,
                            d.memoryTotal() / 1073741824.0) : ""));
        }
    }
}
