package org.babelscope.lens;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.babelscope.BadInputException;
import org.babelscope.corpus.ViewName;
import org.babelscope.metrics.LayerSelection;
import org.babelscope.model.gguf.ControlVectorFile;
import org.babelscope.model.gguf.ModelInfo;
import org.babelscope.store.Sha256;

/**
 * What to add to the residual stream for each language of a run: from a {@link Lens} (each
 * language its own vector, the pivot none), or one control-vector file for every language.
 */
public final class Steering {
    private final Lens lens;
    private final ControlVectorFile file;
    private final double alpha;
    private final double beta;
    private final List<Integer> layers;

    private Steering(Lens lens, ControlVectorFile file, double alpha, double beta, List<Integer> layers) {
        this.lens = lens;
        this.file = file;
        this.alpha = alpha;
        this.beta = beta;
        this.layers = List.copyOf(layers);
    }

    /**
     * Per-language vectors from a lens.
     *
     * @param layerSpec {@code all|a-b|a,b} over the lens's layers, or null for the default: the
     *                  upper half of them (Lens steers the top layers). Layer 0 is never steered.
     */
    public static Steering fromLens(Lens lens, double alpha, double beta, String layerSpec) {
        if (!Double.isFinite(alpha) || !Double.isFinite(beta)) {
            throw new BadInputException("alpha and beta must be finite numbers, got " + alpha + " and " + beta);
        }
        List<Integer> available = lens.layers();
        List<Integer> chosen = new ArrayList<>();
        if (layerSpec == null) {
            for (int slot = available.size() / 2; slot < available.size(); slot++) {
                chosen.add(available.get(slot));
            }
        } else {
            for (int slot : LayerSelection.slots(layerSpec, available, "the lens")) {
                chosen.add(available.get(slot));
            }
        }
        boolean explicitZero = layerSpec != null && !layerSpec.equals("all") && chosen.contains(0);
        if (explicitZero) {
            throw new BadInputException("layer 0 cannot be steered: llama.cpp adds control vectors to the output of"
                    + " blocks 1 and up");
        }
        chosen.remove(Integer.valueOf(0));
        if (chosen.isEmpty()) {
            throw new BadInputException("no layer to steer: the lens holds layers " + available
                    + " and layer 0 cannot be steered");
        }
        return new Steering(lens, null, alpha, beta, chosen);
    }

    /** The same vectors for every language, as written in a control-vector file. */
    public static Steering fromFile(ControlVectorFile file) {
        return new Steering(null, file, 1, 1, new ArrayList<>(file.directions().keySet()));
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    public List<Integer> layers() {
        return layers;
    }

    public Optional<Lens> lens() {
        return Optional.ofNullable(lens);
    }

    /**
     * Checks that the vectors fit {@code model}: the same width, and layers it has (llama.cpp
     * would skip the others without a word).
     */
    public void requireFits(ModelInfo model) {
        int width = lens != null ? lens.dim() : file.nEmbd();
        if (width != model.nEmbd()) {
            throw new BadInputException("the steering vectors have " + width + " values per layer, the model's"
                    + " embedding width is " + model.nEmbd());
        }
        int last = layers.get(layers.size() - 1);
        if (last >= model.nLayer()) {
            throw new BadInputException("steering layer " + last + " is past the model's last layer "
                    + (model.nLayer() - 1));
        }
    }

    /**
     * The lens language a run's language key stands for: a pivot-language view ({@code eng-it},
     * {@code eng_Latn.opt1}) stands for the pivot. Empty when the lens does not hold it.
     */
    public Optional<String> lensLanguage(String key) {
        if (lens == null) {
            return Optional.empty();
        }
        String language = key;
        try {
            language = ViewName.parse(key).language();
        } catch (BadInputException notStructured) {
            // a plain key: match it as it is
        }
        return lens.resolve(language);
    }

    /**
     * The vectors to add for {@code key}, by layer: empty for the pivot and for languages the
     * lens does not hold ({@link #lensLanguage}); a file's vectors apply to every language.
     */
    public TreeMap<Integer, float[]> vectors(String key) {
        if (lens == null) {
            return new TreeMap<>(file.directions());
        }
        Optional<String> language = lensLanguage(key);
        if (language.isEmpty() || language.get().equals(lens.pivot())) {
            return new TreeMap<>();
        }
        return lens.steering(language.get(), alpha, beta, layers);
    }

    /**
     * {@link #describe()} with a SHA-256 of every vector it can give (all lens languages, or the
     * file's), so two runs steered differently never pass for the same.
     */
    public String fingerprint() {
        MessageDigest sha = Sha256.newDigest();
        List<String> keys = lens != null ? lens.languages() : List.of("*");
        for (String key : keys) {
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            vectors(key).forEach((layer, v) -> {
                ByteBuffer b = ByteBuffer.allocate(4 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(layer);
                b.asFloatBuffer().put(v);
                sha.update(b.array());
            });
        }
        return describe() + "; sha256 " + Sha256.hex(sha);
    }

    /** One line for logs and summaries. */
    public String describe() {
        if (lens == null) {
            return "control vector on layers " + layers + " for every language";
        }
        return "lens (pivot " + lens.pivot() + ", rank " + lens.rank() + "), alpha " + alpha + ", beta " + beta
                + ", layers " + layers;
    }
}
