package org.babelscope.compute;

import org.babelscope.BadInputException;

/**
 * The CUDA backend was asked for and cannot run here: no device, a driver too old for the CUDA 13
 * runtime, the CUDA libraries missing, or a build without nvcc. The message says which; the
 * command line exits 2 with it, and {@code --backend auto} logs it and takes the CPU.
 */
public class BackendUnavailableException extends BadInputException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
