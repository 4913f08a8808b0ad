package org.babelscope.compute;

/** An input row holds NaN or Inf; callers that know where the row came from add that context. */
public final class NonFiniteInputException extends KernelException {
    private final long row;

    public NonFiniteInputException(long row, String message) {
        super(message);
        this.row = row;
    }

    /** The first offending row. */
    public long row() {
        return row;
    }
}
