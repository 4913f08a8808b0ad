package org.babelscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line ({@link Main}) in a child JVM with this JVM's class path: a process runs
 * one llama.cpp, so a test that needs another runtime than the one already open here, or a choice
 * of runtime that must not stick to this JVM, runs the CLI there. {@code props} are passed as
 * {@code -Dkey=value}; the child gets no {@code de.kherud.llama.tmpdir}, so java-llama.cpp extracts
 * its library into a folder of the child's own (it deletes that folder's libraries on exit).
 */
final class ChildCli {
    final int exitCode;
    final String out;
    final String err;

    private ChildCli(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static ChildCli run(List<String> props, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xss4m");
        for (String p : props) {
            cmd.add("-D" + p);
        }
        String cache = System.getProperty("babelscope.cache");
        if (cache != null) {
            cmd.add("-Dbabelscope.cache=" + cache);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Path outFile = Files.createTempFile("babelscope-child", ".out");
        Path errFile = Files.createTempFile("babelscope-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the child JVM did not finish in 5 minutes: " + cmd);
            }
            return new ChildCli(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
