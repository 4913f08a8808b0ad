package org.babelscope.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a command over in a runner (a child JVM with this JVM's class path and options), forwards
 * its standard output and error, and returns its exit code; when it dies of a signal, reports the
 * crash in one line, removes its unfinished outputs, and returns 2.
 *
 * <p>The runner gets {@code GGML_NO_BACKTRACE=1}, so ggml does not run gdb to print a backtrace
 * onto standard output, and JVM options that send the JVM's own crash output to standard error and
 * its report file into a folder of ours, where {@link CrashReport} reads them. Lines of standard
 * error that belong to a crash are held back from the user and summarised instead.
 */
public final class RunnerProcess {
    /** Exit code of a crash: the input (model, vector) is what llama.cpp could not take. */
    static final int CRASH_EXIT = 2;
    private static final int FAILURE_EXIT = 1;

    private RunnerProcess() {
    }

    /**
     * Runs {@code mainClass} with {@code args} in a runner, writing what it prints to {@code out}
     * and {@code err}.
     */
    public static int run(String mainClass, List<String> args, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("babelscope-runner-");
        try {
            Path journal = dir.resolve("journal");
            ProcessBuilder pb = new ProcessBuilder(command(mainClass, args, dir)).redirectInput(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put(Isolation.JOURNAL_ENV, journal.toString());
            pb.environment().put(Isolation.PARENT_ENV, Long.toString(ProcessHandle.current().pid()));
            pb.environment().put("GGML_NO_BACKTRACE", "1");
            if (System.console() != null) {
                pb.environment().put(TerminalHint.ENV, "1");
            }
            Process runner = pb.start();
            Thread stopper = new Thread(() -> stop(runner), "stop runner");
            Runtime.getRuntime().addShutdownHook(stopper);
            List<String> crashLines = Collections.synchronizedList(new ArrayList<>());
            Charset cs = Charset.defaultCharset();
            Thread outPump = pump("runner stdout", runner.getInputStream(), cs, out, null);
            Thread errPump = pump("runner stderr", runner.getErrorStream(), cs, err, crashLines);
            int code = runner.waitFor();
            outPump.join();
            errPump.join();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                return code;
            }
            if (code == 0 || code == FAILURE_EXIT || code == CRASH_EXIT) {
                return code;
            }
            return crashed(code, dir, journal, crashLines, err);
        } finally {
            deleteTree(dir);
        }
    }

    private static int crashed(int code, Path dir, Path journal, List<String> crashLines, PrintWriter err)
            throws IOException {
        RunnerJournal.Entries entries = RunnerJournal.read(journal);
        String what = CrashReport.describe(crashLines, dir, code);
        List<Path> kept = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        for (Path t : entries.temporary()) {
            deleteTree(t);
        }
        for (Path c : entries.created()) {
            if (entries.finished().contains(c)) {
                kept.add(c);
            } else if (Files.exists(c)) {
                deleteTree(c);
                removed.add(c);
            }
        }
        boolean llamaCrash = code == 128 + 6 || code == 128 + 11 || code == 128 + 7 || code == 128 + 4 || code == 128 + 8
                || !crashLines.isEmpty();
        String subject = entries.lastModel().map(m -> " on model " + m).orElse("");
        String outcome = kept.isEmpty() ? (removed.isEmpty() ? "" : "; removed the unfinished output " + join(removed))
                : "; the finished part is kept in " + join(kept) + " and the same command resumes it";
        err.println("error: " + (llamaCrash ? "llama.cpp crashed" : "the runner process was stopped") + subject + ": "
                + what + outcome);
        err.flush();
        return llamaCrash ? CRASH_EXIT : FAILURE_EXIT;
    }

    private static String join(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }

    /** The runner's command line: this JVM's java, options and class path. */
    static List<String> command(String mainClass, List<String> args, Path reportDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A debugger's port is taken by this JVM; report files and core dumps are set below;
            // java-llama.cpp empties its extraction folder on exit, so a runner gets a folder of its own.
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-XX:ErrorFile") && !a.startsWith("-XX:OnError")
                    && !a.startsWith("-Dde.kherud.llama.tmpdir") && !a.contains("CreateCoredumpOnCrash")) {
                cmd.add(a);
            }
        }
        cmd.add("-XX:+DisplayVMOutputToStderr");
        cmd.add("-XX:-CreateCoredumpOnCrash");
        cmd.add("-XX:ErrorFile=" + reportDir.resolve("hs_err_pid%p.log"));
        // Settings made by code rather than on the command line (tests, an embedding program).
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("babelscope.")) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** The user's process is ending (Ctrl-C, kill): the runner ends with it. */
    private static void stop(Process runner) {
        runner.destroy();
        try {
            if (!runner.waitFor(10, TimeUnit.SECONDS)) {
                runner.destroyForcibly();
            }
        } catch (InterruptedException e) {
            runner.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies {@code in} to {@code to} as it comes: whole lines (ended by a newline or a carriage
     * return, which progress bars use), and what is left when nothing more is waiting. With
     * {@code crashLines}, lines of a crash go there instead.
     */
    private static Thread pump(String name, InputStream in, Charset cs, PrintWriter to, List<String> crashLines) {
        Thread t = new Thread(() -> {
            try (Reader r = new InputStreamReader(in, cs)) {
                char[] buf = new char[8192];
                StringBuilder line = new StringBuilder();
                boolean jvmReport = false;
                int n;
                while ((n = r.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        line.append(buf[i]);
                        if (buf[i] == '\n' || buf[i] == '\r') {
                            jvmReport = emit(line, to, crashLines, jvmReport);
                        }
                    }
                    if (line.length() > 0 && !r.ready()) {
                        jvmReport = emit(line, to, crashLines, jvmReport);
                    }
                    to.flush();
                }
                if (line.length() > 0) {
                    emit(line, to, crashLines, jvmReport);
                }
                to.flush();
            } catch (IOException e) {
                // The runner is gone; its exit code tells the rest.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean emit(StringBuilder line, PrintWriter to, List<String> crashLines, boolean jvmReport) {
        String s = line.toString();
        line.setLength(0);
        if (crashLines != null) {
            // Once the JVM reports a fatal error, all that follows is that report.
            boolean report = jvmReport || s.startsWith("# A fatal error has been detected");
            if (report || CrashReport.isCrashLine(s)) {
                if (!s.isBlank()) {
                    crashLines.add(s.strip());
                }
                return report;
            }
            if (jvmReport && s.isBlank()) {
                return true;
            }
        }
        to.write(s);
        return jvmReport;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
