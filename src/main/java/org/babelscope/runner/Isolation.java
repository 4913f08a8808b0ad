package org.babelscope.runner;

import java.util.Locale;
import java.util.Optional;
import org.babelscope.BadInputException;

/**
 * Whether a command's native model work runs in a runner process ({@link Mode#PROCESS}, the
 * default) or in the user's process ({@link Mode#NONE}: faster to start, but a llama.cpp abort
 * ends the user's process).
 *
 * <p>The command line arms the hand-off for the thread that runs a command in the user's process
 * ({@link #armed}); the command calls {@link #enterRunner} once its Java gate has passed, which
 * unwinds it with {@link HandOff} so the command line can start it over in a runner. Code that
 * runs a model outside the command line (tests, benchmarks) is never armed and runs in-process.
 */
public final class Isolation {
    /** Where a command's model work runs. */
    public enum Mode {
        PROCESS, NONE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Set in a runner's environment: the file it reports its inputs and outputs to. */
    static final String JOURNAL_ENV = "BABELSCOPE_RUNNER_JOURNAL";
    /** Set in a runner's environment: the pid of the user's process, whose end ends the runner. */
    static final String PARENT_ENV = "BABELSCOPE_RUNNER_PARENT";

    private static final ThreadLocal<Boolean> ARMED = ThreadLocal.withInitial(() -> false);

    private Isolation() {
    }

    /** Parses process|none; {@code option} names the setting in the message. */
    public static Mode parse(String value, String option) {
        for (Mode m : Mode.values()) {
            if (m.cliName().equalsIgnoreCase(value.trim())) {
                return m;
            }
        }
        throw new BadInputException(option + " must be process or none, not '" + value + "'");
    }

    /**
     * The mode of a command given its {@code --isolation} value (null when not given): that value,
     * else the system property {@code babelscope.isolation}, else $BABELSCOPE_ISOLATION, else process.
     */
    public static Mode mode(String option) {
        if (option != null) {
            return parse(option, "--isolation");
        }
        String property = System.getProperty("babelscope.isolation");
        if (property != null) {
            return parse(property, "-Dbabelscope.isolation");
        }
        String env = System.getenv("BABELSCOPE_ISOLATION");
        return env != null ? parse(env, "BABELSCOPE_ISOLATION") : Mode.PROCESS;
    }

    /** Whether this process is a runner, started by {@link RunnerProcess}. */
    public static boolean inRunner() {
        return System.getenv(JOURNAL_ENV) != null;
    }

    /** The user's process's pid, in a runner. */
    static Optional<Long> parentPid() {
        String pid = System.getenv(PARENT_ENV);
        try {
            return pid == null ? Optional.empty() : Optional.of(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code body} with the hand-off armed on this thread. */
    public static <T> T armed(java.util.concurrent.Callable<T> body) throws Exception {
        ARMED.set(true);
        try {
            return body.call();
        } finally {
            ARMED.remove();
        }
    }

    /**
     * Called by a command when its Java gate has passed and native work comes next: in the user's
     * process, when armed, the command stops here and starts over in a runner. Elsewhere a no-op.
     */
    public static void enterRunner() {
        if (ARMED.get()) {
            throw new HandOff();
        }
    }
}
