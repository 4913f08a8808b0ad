package org.babelscope.model.gguf;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.babelscope.BadInputException;

/**
 * The tensors one model file must have, may have, and may not have, as llama.cpp's loader for its
 * architecture decides: it fails on a missing required tensor, on any shape but the one it asks
 * for, and on a tensor it did not ask for ("wrong number of tensors"). Types are checked per role,
 * because a type that loads may still abort later inside a ggml operation.
 */
final class ExpectedTensors {
    /** What a tensor is used for, which decides the ggml types that can serve. */
    enum Role {
        /**
         * A weight that ggml multiplies with (mul_mat) or gathers rows from (get_rows): float or
         * block-quantized types, never ggml's integer types or F64, which neither operation takes.
         */
        MATRIX,
        /**
         * A norm weight, bias or RoPE factor, which ggml adds or multiplies element-wise into F32
         * activations: F32, as every llama.cpp converter writes 1-D tensors.
         */
        VECTOR
    }

    private static final Set<GgmlType> NOT_MATRIX =
            EnumSet.of(GgmlType.I8, GgmlType.I16, GgmlType.I32, GgmlType.I64, GgmlType.F64);

    private record Entry(long[] shape, Role role, boolean required) {
    }

    private final String arch;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    ExpectedTensors(String arch) {
        this.arch = arch;
    }

    void require(String name, Role role, long... shape) {
        entries.put(name, new Entry(shape, role, true));
    }

    void allow(String name, Role role, long... shape) {
        entries.put(name, new Entry(shape, role, false));
    }

    /** Checks every tensor of {@code gguf} against these expectations, in the order they were added. */
    void check(GgufFile gguf) {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String name = e.getKey();
            Entry want = e.getValue();
            if (!gguf.hasTensor(name)) {
                if (want.required()) {
                    throw bad(gguf, "lacks tensor '" + name + "', which a " + arch + " model needs");
                }
                continue;
            }
            TensorInfo t = gguf.tensor(name);
            if (!t.hasShape(want.shape())) {
                throw bad(gguf, "tensor '" + name + "' has shape " + t.shapeText() + ", expected "
                        + Arrays.toString(want.shape()));
            }
            checkType(gguf, t, want.role());
        }
        for (TensorInfo t : gguf.tensors()) {
            if (!entries.containsKey(t.name())) {
                throw bad(gguf, "has tensor '" + t.name() + "', which a " + arch + " model does not have (llama.cpp fails"
                        + " on tensors it does not expect)");
            }
        }
    }

    private static void checkType(GgufFile gguf, TensorInfo t, Role role) {
        if (role == Role.VECTOR && t.type() != GgmlType.F32) {
            throw bad(gguf, "tensor '" + t.name() + "' is " + t.type() + "; a norm weight or bias must be F32 (llama.cpp"
                    + " applies it element-wise to F32 activations)");
        }
        if (role == Role.MATRIX && NOT_MATRIX.contains(t.type())) {
            throw bad(gguf, "tensor '" + t.name() + "' is " + t.type() + ", which ggml cannot multiply with; a weight"
                    + " matrix must be F32, F16, BF16 or a quantized type");
        }
    }

    private static BadInputException bad(GgufFile gguf, String what) {
        return new BadInputException(gguf.path() + ": " + what);
    }
}
