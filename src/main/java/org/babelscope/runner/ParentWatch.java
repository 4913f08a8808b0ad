package org.babelscope.runner;

import java.util.Optional;

/**
 * In a runner: ends the runner when the user's process is gone (killed with -9, which runs no
 * shutdown hook to stop us). Without this the runner would keep the model and the CPUs busy for
 * nobody. Ending abruptly is safe: every output is written so that a kill loses at most the part in
 * progress.
 */
public final class ParentWatch {
    private static final long POLL_MILLIS = 250;

    private ParentWatch() {
    }

    /** Starts the watch if this process is a runner; a no-op otherwise. */
    public static void startIfRunner() {
        if (!Isolation.inRunner()) {
            return;
        }
        Optional<ProcessHandle> parent = Isolation.parentPid().flatMap(ProcessHandle::of);
        if (parent.isEmpty()) {
            Runtime.getRuntime().halt(1);
        }
        ProcessHandle user = parent.get();
        Thread t = new Thread(() -> {
            while (user.isAlive()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(143);
        }, "watch user process");
        t.setDaemon(true);
        t.start();
    }
}
