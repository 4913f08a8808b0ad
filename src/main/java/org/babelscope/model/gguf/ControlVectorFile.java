package org.babelscope.model.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.babelscope.BadInputException;

/**
 * A control vector in llama.cpp's file format (as written by its cvector-generator and read by
 * {@code --control-vector}): GGUF with {@code general.architecture = controlvector},
 * {@code controlvector.model_hint} (the architecture it is meant for, e.g. {@code llama}),
 * {@code controlvector.layer_count} (the number of directions, as cvector-generator writes it), and
 * one F32 1-D tensor {@code direction.N} per layer N that llama.cpp adds to the output of block N
 * ({@code l_out-N}). Layer 0 never has one: llama.cpp rejects it.
 *
 * <p>Instances are immutable and always valid: at least one direction, all of the same length,
 * all values finite.
 */
public final class ControlVectorFile {
    /** The {@code general.architecture} of a control-vector file. */
    public static final String ARCHITECTURE = "controlvector";
    static final String HINT_KEY = "controlvector.model_hint";
    static final String LAYER_COUNT_KEY = "controlvector.layer_count";
    private static final Pattern DIRECTION = Pattern.compile("direction\\.([1-9][0-9]{0,8})");

    private final String modelHint;
    private final SortedMap<Integer, float[]> directions;
    private final int nEmbd;

    /**
     * A control vector for models of architecture {@code modelHint} with the given direction
     * per layer (keys are layer indices, at least 1).
     *
     * @throws IllegalArgumentException if there is no direction, a layer below 1, lengths that
     *     differ, or a non-finite value
     */
    public ControlVectorFile(String modelHint, Map<Integer, float[]> directions) {
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("a control vector needs at least one direction");
        }
        TreeMap<Integer, float[]> copy = new TreeMap<>();
        int n = -1;
        for (Map.Entry<Integer, float[]> e : directions.entrySet()) {
            int layer = e.getKey();
            float[] v = e.getValue();
            if (layer < 1) {
                throw new IllegalArgumentException("layer " + layer + ": llama.cpp applies directions to layers 1 and up");
            }
            if (n != -1 && v.length != n) {
                throw new IllegalArgumentException("layer " + layer + " has " + v.length + " values, others " + n);
            }
            n = v.length;
            if (n == 0) {
                throw new IllegalArgumentException("layer " + layer + " has an empty direction");
            }
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new IllegalArgumentException("layer " + layer + " has " + v[i] + " at index " + i);
                }
            }
            copy.put(layer, v.clone());
        }
        this.modelHint = modelHint;
        this.directions = copy;
        this.nEmbd = n;
    }

    /** The architecture the vector was made for ({@code controlvector.model_hint}). */
    public String modelHint() {
        return modelHint;
    }

    /** The length of every direction: the model's embedding width. */
    public int nEmbd() {
        return nEmbd;
    }

    /** The directions by layer, in layer order (an unmodifiable view of copies). */
    public SortedMap<Integer, float[]> directions() {
        TreeMap<Integer, float[]> copy = new TreeMap<>();
        directions.forEach((layer, v) -> copy.put(layer, v.clone()));
        return Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Checks that llama.cpp will apply every direction to {@code model}: the widths agree, and
     * no direction is for a layer the model lacks (llama.cpp would skip it without a word).
     */
    public void requireFits(ModelInfo model) {
        if (model.nEmbd() != nEmbd) {
            throw new BadInputException("the control vector has directions of " + nEmbd + " values, the model's"
                    + " embedding width is " + model.nEmbd());
        }
        int last = directions.lastKey();
        if (last >= model.nLayer()) {
            throw new BadInputException("the control vector has a direction for layer " + last + ", the model has"
                    + " layers 0 to " + (model.nLayer() - 1));
        }
    }

    /** Writes the file (atomically), directions in layer order. */
    public void write(Path file) throws IOException {
        GgufWriter w = new GgufWriter()
                .put("general.architecture", GgufValue.string(ARCHITECTURE))
                .put(HINT_KEY, GgufValue.string(modelHint))
                .put(LAYER_COUNT_KEY, GgufValue.i32(directions.size()));
        for (Map.Entry<Integer, float[]> e : directions.entrySet()) {
            w.addTensor("direction." + e.getKey(), GgmlType.F32, e.getValue(), nEmbd);
        }
        w.write(file);
    }

    /**
     * Reads and validates a control-vector file.
     *
     * @throws BadInputException if the file is not valid GGUF, not a control vector, or has a
     *     tensor that is not an F32 1-D {@code direction.N} with N at least 1, directions of
     *     different lengths, or non-finite values
     */
    public static ControlVectorFile read(Path file) throws IOException {
        GgufFile gguf = GgufFile.open(file);
        String arch = gguf.optionalString("general.architecture").orElse("(none)");
        if (!arch.equals(ARCHITECTURE)) {
            throw bad(gguf, "is not a control vector: its general.architecture is '" + arch + "', not '"
                    + ARCHITECTURE + "'");
        }
        String hint = gguf.string(HINT_KEY);
        gguf.int32(LAYER_COUNT_KEY); // present and an integer; llama.cpp itself does not read it
        if (gguf.tensors().isEmpty()) {
            throw bad(gguf, "has no direction tensors");
        }
        TreeMap<Integer, float[]> directions = new TreeMap<>();
        int n = -1;
        for (TensorInfo t : gguf.tensors()) {
            Matcher m = DIRECTION.matcher(t.name());
            if (!m.matches()) {
                throw bad(gguf, "has tensor '" + t.name() + "'; a control vector holds only direction.N, N >= 1");
            }
            int layer = Integer.parseInt(m.group(1));
            if (t.type() != GgmlType.F32 || t.nDims() != 1) {
                throw bad(gguf, "has " + t.name() + " of type " + t.type() + " and shape " + t.shapeText()
                        + "; llama.cpp requires F32 and one dimension");
            }
            if (n != -1 && t.elements() != n) {
                throw bad(gguf, "has " + t.name() + " of " + t.elements() + " values where the others have " + n);
            }
            n = (int) t.elements();
            directions.put(layer, gguf.floats(t.name()));
        }
        try {
            return new ControlVectorFile(hint, directions); // checks every value is finite
        } catch (IllegalArgumentException e) {
            throw bad(gguf, e.getMessage());
        }
    }

    private static BadInputException bad(GgufFile gguf, String what) {
        return new BadInputException(gguf.path() + ": " + what);
    }
}
