package org.babelscope.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in a few words why a runner died, from what it printed last on standard error (ggml's
 * {@code file:line: GGML_ASSERT(...) failed}, a C++ exception) and, for a signal the JVM caught,
 * its crash report ({@code hs_err_pid*.log}: the signal and the native frame it hit).
 */
final class CrashReport {
    private static final Pattern GGML = Pattern.compile("(?:.*/)?([^/\\s]+:\\d+: (?:GGML_ASSERT\\(.*\\) failed|.*))");
    private static final Pattern SIGNAL = Pattern.compile("#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");
    private static final Pattern FRAME = Pattern.compile("#\\s+C\\s+\\[([^\\]+]+)[^\\]]*\\]\\s+([A-Za-z_][\\w:<>~]*)");

    private CrashReport() {
    }

    /** Whether a line of a runner's standard error belongs to a crash, not to the run's messages. */
    static boolean isCrashLine(String line) {
        return line.startsWith("#") || line.contains("GGML_ASSERT") || line.contains("GGML_ABORT")
                || line.contains("fatal error") || line.startsWith("terminate called") || line.contains("what():")
                || line.startsWith("[thread ") || line.startsWith("[error occurred");
    }

    /**
     * A short account: the ggml assertion or fatal error if one was printed, else the signal and
     * frame of the JVM's crash report, else the exit code.
     */
    static String describe(List<String> crashLines, Path reportDir, int exitCode) {
        for (String line : crashLines) {
            if (line.contains("GGML_ASSERT") || line.contains("fatal error") || line.contains("GGML_ABORT")) {
                Matcher m = GGML.matcher(line.trim());
                return m.matches() ? m.group(1) : line.trim();
            }
        }
        for (int i = 0; i < crashLines.size(); i++) {
            if (crashLines.get(i).startsWith("terminate called")) {
                String what = i + 1 < crashLines.size() && crashLines.get(i + 1).contains("what():")
                        ? ": " + crashLines.get(i + 1).trim().replaceFirst("^what\\(\\):\\s*", "") : "";
                return crashLines.get(i).trim() + what;
            }
        }
        Optional<String> fromReport = fromJvmReport(reportDir);
        if (fromReport.isPresent()) {
            return fromReport.get();
        }
        return exitCode > 128 ? "killed by signal " + (exitCode - 128) + " (exit " + exitCode + ")" : "exit " + exitCode;
    }

    private static Optional<String> fromJvmReport(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "hs_err_*.log")) {
            for (Path f : files) {
                String signal = null;
                String frame = null;
                for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                    Matcher s = SIGNAL.matcher(line);
                    if (signal == null && s.find()) {
                        signal = s.group(1);
                    }
                    Matcher fr = FRAME.matcher(line);
                    if (frame == null && fr.find()) {
                        frame = fr.group(2) + " (" + fr.group(1).trim() + ")";
                    }
                }
                if (signal != null) {
                    return Optional.of(signal + (frame != null ? " in " + frame : ""));
                }
            }
        } catch (IOException e) {
            // No readable report: the exit code says what there is to say.
        }
        return Optional.empty();
    }
}
