package org.babelscope.corpus;

import org.babelscope.BadInputException;

/**
 * What every text must be to reach a model intact: free of NUL (the model runtime takes C
 * strings, which would end there) and of unpaired UTF-16 surrogates (which have no UTF-8 form;
 * JSON can smuggle them in as {@code "\ud800"}).
 */
public final class TextCheck {
    private TextCheck() {
    }

    /** Throws BadInputException naming {@code where} when {@code text} cannot be used. */
    public static void require(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new BadInputException(where + ": the text contains a NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new BadInputException(where + ": the text contains an unpaired UTF-16 surrogate (U+"
                        + Integer.toHexString(c).toUpperCase() + ")");
            }
        }
    }
}
