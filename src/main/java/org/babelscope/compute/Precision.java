package org.babelscope.compute;

import java.util.Locale;
import org.babelscope.BadInputException;

/**
 * Arithmetic of the GEMMs: FP32 everywhere, or TF32 tensor cores on the CUDA backend (10-bit
 * mantissa products, FP32 sums). TF32 is several times faster on Ampere and later but rounds
 * similarities at about 1e-3, enough to reorder near-ties in MEXA and retrieval.
 */
public enum Precision {
    FP32, TF32;

    public static Precision parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown precision '" + name + "'; choose fp32 or tf32");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
