package org.babelscope.model.llama;

/**
 * How generation draws each next token. Temperature 0 is greedy (the argmax path); above 0 the
 * chain is llama.cpp's: top-k, top-p, min-p, temperature, then a draw seeded with {@code seed}, so a
 * request is reproducible. {@link #at} takes llama.cpp's default filters (top-k 40, top-p 0.95,
 * min-p 0.05), those its server and java-llama.cpp apply when only a temperature is given.
 */
public record Sampling(float temperature, int topK, float topP, float minP, int seed) {
    public static final Sampling GREEDY = new Sampling(0f, 0, 1f, 0f, 0);

    public Sampling {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 or more, not " + temperature);
        }
        if (!(topP > 0 && topP <= 1) || !(minP >= 0 && minP < 1)) {
            throw new IllegalArgumentException("top-p must lie in (0, 1] and min-p in [0, 1)");
        }
    }

    /** Sampling at a temperature with llama.cpp's default filters (greedy at 0). */
    public static Sampling at(float temperature, int seed) {
        return temperature == 0f ? GREEDY : new Sampling(temperature, 40, 0.95f, 0.05f, seed);
    }
}
