package org.babelscope.model.llama;

import java.util.Locale;

/**
 * Element type of llama.cpp's KV cache. llama.cpp defaults to F16, which moves hidden states
 * (8e-4 relative on stories260K, CaptureAgainstReferenceTest); F32 reproduces a double reference
 * forward pass to 5e-7.
 */
public enum KvType {
    F32(0),
    F16(1);

    final int code;

    KvType(int code) {
        this.code = code;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
