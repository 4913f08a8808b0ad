package org.babelscope.model.llama;

import java.util.Locale;

/** How one sequence's token states become one vector per layer. */
public enum Pooling {
    /** The last token's state: what a decoder has read the whole text by. */
    LAST(0),
    /** The mean over the tokens after BOS (BOS is the same for every text and would dilute it). */
    MEAN(1),
    /** A mean over the tokens after BOS weighted by position (the i-th weighs i): later tokens have seen more. */
    WEIGHTED(2);

    final int code;

    Pooling(int code) {
        this.code = code;
    }

    /** The name used on the command line and in manifests. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
