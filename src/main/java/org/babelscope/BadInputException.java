package org.babelscope;

/**
 * Input the user can fix: a missing or corrupt file, a wrong shape, an unknown name. The command
 * line prints its message (no stack trace) and exits with code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
