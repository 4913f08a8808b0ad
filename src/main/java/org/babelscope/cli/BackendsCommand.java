package org.babelscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.babelscope.compute.BackendUnavailableException;
import org.babelscope.compute.Backends;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Which kernel backends this machine can run, and which one {@code --backend auto} takes. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"Say which kernel backends run here: the CPU (threads, OpenBLAS) and CUDA (the device, its",
                "driver and runtime, or why not), and which one --backend auto takes. Opens each backend",
                "once, so a device that is listed but unusable shows as unavailable."},
        footer = {"", "Examples:", "  babelscope backends", "  babelscope backends --json"})
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String cpu;
        try (Kernels k = Backends.cpu()) {
            cpu = k.description();
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
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.println("cpu   available: " + cpu);
            out.println("cuda  " + (cuda != null ? "available: " + cuda : "unavailable: " + why.orElse("")));
            out.println("--backend auto takes " + auto);
        }
        out.flush();
        return Cli.OK;
    }
}
