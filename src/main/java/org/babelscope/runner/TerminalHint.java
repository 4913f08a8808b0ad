package org.babelscope.runner;

/**
 * Whether progress should be drawn as a bar for a person at a terminal. In a runner, standard
 * error is a pipe to the user's process, which tells the runner (through {@link #ENV}) whether it
 * is itself at a terminal.
 */
public final class TerminalHint {
    static final String ENV = "BABELSCOPE_RUNNER_TERMINAL";

    private TerminalHint() {
    }

    /** True when a person watches: this process has a console, or it is the runner of one that has. */
    public static boolean atTerminal() {
        return System.console() != null || viaUserProcess();
    }

    /** True in a runner whose user's process is at a terminal: a bar must be drawn on a pipe. */
    public static boolean viaUserProcess() {
        return Isolation.inRunner() && "1".equals(System.getenv(ENV));
    }
}
