package org.babelscope.model.llama;

/** llama.cpp failed on input babelscope had accepted (a decode error, a capture mismatch). */
public class LlamaFailure extends RuntimeException {
    public LlamaFailure(String message) {
        super(message);
    }
}
