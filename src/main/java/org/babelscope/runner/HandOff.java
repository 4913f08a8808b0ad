package org.babelscope.runner;

/**
 * Thrown in the user's process when a command has passed its Java gate: the rest of it runs in a
 * runner process ({@link Isolation#execute}). Not an error; it unwinds the command's stack so
 * that whatever the command opened is closed before the runner starts.
 */
public final class HandOff extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandOff() {
        super("the command continues in a runner process", null, false, false);
    }
}
