package org.babelscope.model.llama;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens one llama.cpp build in a child JVM and reports its devices. A process runs one llama.cpp
 * ({@link LlamaRuntime}), so listing several builds takes one process each; a build that crashes
 * while loading (a broken driver, say) then takes down only its probe.
 */
public final class LlamaProbe {
    /** What a probe found: the build, its devices and CPU line, or why it could not be opened. */
    public record Report(String build, String library, String release, List<LlamaRuntime.Device> devices,
            String system, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private LlamaProbe() {
    }

    /** Probes a build: {@code java-llama}, or a runtime name and the folder it would be opened from. */
    public static Report probe(String name, Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LlamaProbe.class.getName());
        cmd.add(name);
        if (dir != null) {
            cmd.add(dir.toString());
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Report(name, "", "", List.of(), "", "the probe did not finish in 2 minutes");
            }
            return parse(name, out, p.exitValue(), err);
        } catch (IOException e) {
            return new Report(name, "", "", List.of(), "", "cannot start a probe: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(name, "", "", List.of(), "", "interrupted");
        }
    }

    private static Report parse(String name, String out, int exit, String err) {
        String library = "";
        String release = "";
        String system = "";
        String error = null;
        List<LlamaRuntime.Device> devices = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "build" -> {
                    release = f[1];
                    library = f[2];
                }
                case "device" -> devices.add(new LlamaRuntime.Device(f[2], f[3], f[1], Long.parseLong(f[4]),
                        Long.parseLong(f[5])));
                case "system" -> system = f[1];
                case "error" -> error = f[1];
                default -> {
                }
            }
        }
        if (error == null && exit != 0) {
            String last = err.strip();
            int cut = last.lastIndexOf('\n');
            error = "the probe ended with exit code " + exit + (last.isEmpty() ? "" : ": " + last.substring(cut + 1));
        }
        return new Report(name, library, release, devices, system, error);
    }

    /** {@code LlamaProbe NAME [DIR]}: opens the build and prints tab-separated lines. */
    public static void main(String[] args) {
        try {
            if (args.length > 1) {
                LlamaRuntime.configure(null, Path.of(args[1]));
            } else {
                LlamaRuntime.configure(args[0], null);
            }
            LlamaRuntime.Build b = LlamaRuntime.open(0);
            System.out.println("build\t" + b.abi().release + "\t" + b.library());
            for (LlamaRuntime.Device d : LlamaRuntime.devices()) {
                System.out.println("device\t" + d.type() + "\t" + clean(d.name()) + "\t" + clean(d.description()) + "\t"
                        + d.memoryFree() + "\t" + d.memoryTotal());
            }
            System.out.println("system\t" + clean(LlamaRuntime.systemInfo()));
        } catch (RuntimeException e) {
            System.out.println("error\t" + clean(String.valueOf(e.getMessage())));
        }
        System.out.flush();
        System.exit(0);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }
}
