package org.babelscope.compute;

/** A kernel failed: the message is the native library's own (bs_last_error). */
public class KernelException extends RuntimeException {
    public KernelException(String message) {
        super(message);
    }
}
