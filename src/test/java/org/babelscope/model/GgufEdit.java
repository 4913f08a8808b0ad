package org.babelscope.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.babelscope.model.gguf.GgmlType;
import org.babelscope.model.gguf.GgufFile;
import org.babelscope.model.gguf.GgufValue;
import org.babelscope.model.gguf.GgufWriter;
import org.babelscope.model.gguf.TensorInfo;

/**
 * Copies a GGUF file with some metadata and tensors changed, added or removed: for tests that
 * need a model differing from a valid one in a way byte patching cannot express. Unchanged
 * tensors keep their type (F32, F16 or Q8_0) and values: decoding and re-encoding them gives the
 * same bytes.
 */
public final class GgufEdit {
    /** A tensor's new values and shape ({@code dims[0]} fastest), stored as F32. */
    public record Tensor(float[] values, long... dims) {
    }

    private final GgufFile source;
    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new HashMap<>();

    private GgufEdit(GgufFile source) {
        this.source = source;
    }

    public static GgufEdit of(GgufFile source) {
        return new GgufEdit(source);
    }

    /** Sets {@code key} (in its old place, or at the end if new); a null value removes it. */
    public GgufEdit put(String key, GgufValue value) {
        metadata.put(key, value);
        return this;
    }

    /** Replaces tensor {@code name} (in its old place, or at the end if new); null removes it. */
    public GgufEdit tensor(String name, Tensor t) {
        tensors.put(name, t);
        return this;
    }

    public Path write(Path file) throws IOException {
        GgufWriter w = new GgufWriter();
        for (Map.Entry<String, GgufValue> kv : source.metadata().entrySet()) {
            GgufValue v = metadata.containsKey(kv.getKey()) ? metadata.get(kv.getKey()) : kv.getValue();
            if (v != null) {
                w.put(kv.getKey(), v);
            }
        }
        for (Map.Entry<String, GgufValue> kv : metadata.entrySet()) {
            if (!source.has(kv.getKey()) && kv.getValue() != null) {
                w.put(kv.getKey(), kv.getValue());
            }
        }
        for (TensorInfo t : source.tensors()) {
            if (tensors.containsKey(t.name())) {
                Tensor replaced = tensors.get(t.name());
                if (replaced != null) {
                    w.addTensor(t.name(), GgmlType.F32, replaced.values(), replaced.dims());
                }
            } else {
                w.addTensor(t.name(), t.type(), source.floats(t.name()), t.dims());
            }
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!source.hasTensor(e.getKey()) && e.getValue() != null) {
                w.addTensor(e.getKey(), GgmlType.F32, e.getValue().values(), e.getValue().dims());
            }
        }
        w.write(file);
        return file;
    }
}
