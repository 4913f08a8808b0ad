package org.babelscope.model.llama;

import java.util.Locale;

/**
 * Element type of llama.cpp's KV cache. llama.cpp defaults to F16, which moves hidden states by up
 * to about 0.5%; F32 reproduces a float reference forward pass.
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
