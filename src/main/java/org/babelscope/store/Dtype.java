package org.babelscope.store;

import java.util.Optional;

/** The element types a store may hold: little-endian float32 or float16. */
public enum Dtype {
    F32("f32", "<f4", 4),
    F16("f16", "<f2", 2);

    private final String label;
    private final String descr;
    private final int size;

    Dtype(String label, String descr, int size) {
        this.label = label;
        this.descr = descr;
        this.size = size;
    }

    /** The name used in manifest.json: "f32" or "f16". */
    public String label() {
        return label;
    }

    /** The NumPy dtype string written to an .npy header: "<f4" or "<f2". */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The dtype named {@code label} in a manifest ("f32" or "f16"). */
    public static Optional<Dtype> fromLabel(String label) {
        for (Dtype d : values()) {
            if (d.label.equals(label)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The dtype of an .npy descr; only the explicit little-endian forms are accepted. */
    public static Optional<Dtype> fromDescr(String descr) {
        for (Dtype d : values()) {
            if (d.descr.equals(descr)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
