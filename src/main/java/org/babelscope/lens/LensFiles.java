package org.babelscope.lens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.BadInputException;
import org.babelscope.report.JsonNumbers;
import org.babelscope.report.ResultFiles;
import org.babelscope.store.Dtype;
import org.babelscope.store.Npy;
import org.babelscope.store.NpyArray;

/**
 * A lens directory: {@code lens.json} (what was fitted, on what, and the summary a person reads)
 * and three float32 {@code .npy} arrays that numpy reads directly:
 *
 * <pre>
 *   means.npy     [layers, K, d]  language means, languages in lens.json's order
 *   agnostic.npy  [layers, 1, d]  the unit agnostic direction â
 *   specific.npy  [layers, r, d]  an orthonormal basis of the specific subspace (rows)
 * </pre>
 *
 * The directory is written whole or not at all. w_c′ is kept in lens.json as its offset along â
 * ({@code shared_offset}), the singular values there too.
 */
public final class LensFiles {
    public static final String FORMAT = "babelscope-lens/1";
    public static final String SUMMARY = "lens.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LensFiles() {
    }

    public static void write(Path dir, Lens lens) throws IOException {
        int layers = lens.layers().size();
        int k = lens.languages().size();
        int d = lens.dim();
        int r = lens.rank();
        float[] means = new float[layers * k * d];
        float[] agnostic = new float[layers * d];
        float[] specific = new float[layers * r * d];
        for (int slot = 0; slot < layers; slot++) {
            for (int j = 0; j < k; j++) {
                put(means, (slot * k + j) * d, lens.means().get(slot)[j]);
            }
            LayerLens part = lens.parts().get(slot);
            put(agnostic, slot * d, part.agnostic());
            for (int q = 0; q < r; q++) {
                put(specific, (slot * r + q) * d, part.specific()[q]);
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("means.npy", npy(means, layers, k, d));
        files.put("agnostic.npy", npy(agnostic, layers, 1, d));
        files.put("specific.npy", npy(specific, layers, r, d));
        files.put(SUMMARY, JSON.writeValueAsBytes(toJson(lens)));
        ResultFiles.writeDirectoryAtomically(dir, files);
    }

    static ObjectNode toJson(Lens lens) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("source", JSON.valueToTree(lens.source()));
        root.put("pivot", lens.pivot());
        root.set("languages", JSON.valueToTree(lens.languages()));
        root.set("layers", JSON.valueToTree(lens.layers()));
        root.put("rank", lens.rank());
        root.put("dim", lens.dim());
        ArrayNode offsets = root.putArray("shared_offset");
        for (LayerLens part : lens.parts()) {
            JsonNumbers.add(offsets, LanguageSubspaces.dot(part.shared(), part.agnostic()));
        }
        root.set("summary", node(lens.summary()));
        return root;
    }

    /** Maps, lists, strings, numbers and double arrays to JSON, every non-finite number as null. */
    private static JsonNode node(Object value) {
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = JSON.createObjectNode();
            map.forEach((key, v) -> o.set(key.toString(), node(v)));
            return o;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = JSON.createArrayNode();
            list.forEach(v -> a.add(node(v)));
            return a;
        }
        if (value instanceof double[] values) {
            return JsonNumbers.addAll(JSON.createArrayNode(), values);
        }
        if (value instanceof Double v) {
            return Double.isFinite(v) ? JSON.getNodeFactory().numberNode(v) : JSON.getNodeFactory().nullNode();
        }
        return JSON.valueToTree(value);
    }

    /**
     * Reads a lens directory written by {@link #write}.
     *
     * @throws BadInputException if it is missing, not a lens, or its arrays disagree with lens.json
     */
    public static Lens read(Path dir) throws IOException {
        Path summary = dir.resolve(SUMMARY);
        JsonNode root = ResultFiles.readSummary(dir, SUMMARY, FORMAT, "lens");
        String pivot = text(root, "pivot", summary);
        List<String> languages = new ArrayList<>();
        root.path("languages").forEach(n -> languages.add(n.asText()));
        List<Integer> layers = new ArrayList<>();
        root.path("layers").forEach(n -> layers.add(n.asInt()));
        int rank = root.path("rank").asInt(-1);
        int d = root.path("dim").asInt(-1);
        int k = languages.size();
        if (k < 2 || layers.isEmpty() || rank < 1 || rank > k - 1 || d < 1 || !languages.contains(pivot)) {
            throw new BadInputException(summary + " is inconsistent: " + k + " languages, layers " + layers + ", rank "
                    + rank + ", dim " + d + ", pivot " + pivot);
        }
        float[][][] means = array(dir.resolve("means.npy"), layers.size(), k, d);
        float[][][] agnostic = array(dir.resolve("agnostic.npy"), layers.size(), 1, d);
        float[][][] specific = array(dir.resolve("specific.npy"), layers.size(), rank, d);
        JsonNode offsets = root.path("shared_offset");
        JsonNode perLayer = root.path("summary").path("per_layer");
        List<double[][]> meanList = new ArrayList<>();
        List<LayerLens> parts = new ArrayList<>();
        for (int slot = 0; slot < layers.size(); slot++) {
            double[][] m = new double[k][];
            for (int j = 0; j < k; j++) {
                m[j] = LanguageSubspaces.widen(means[slot][j]);
            }
            meanList.add(m);
            double[] a = LanguageSubspaces.widen(agnostic[slot][0]);
            double offset = offsets.path(slot).asDouble(Double.NaN);
            double[] shared = new double[d];
            for (int i = 0; i < d; i++) {
                shared[i] = offset * a[i];
            }
            double[][] s = new double[rank][];
            for (int q = 0; q < rank; q++) {
                s[q] = LanguageSubspaces.widen(specific[slot][q]);
            }
            double[] singular = new double[k];
            JsonNode sv = perLayer.path(slot).path("singular_values");
            for (int q = 0; q < k; q++) {
                singular[q] = sv.path(q).asDouble(Double.NaN);
            }
            parts.add(new LayerLens(a, shared, s, singular));
        }
        Map<String, Object> source = JSON.convertValue(root.path("source"), Map.class);
        return new Lens(pivot, languages, layers, rank, meanList, parts, source == null ? Map.of() : source);
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new BadInputException(file + " has no string '" + field + "'");
        }
        return n.asText();
    }

    private static float[][][] array(Path file, int layers, int rows, int d) throws IOException {
        try (NpyArray a = NpyArray.open(file)) {
            if (a.layers() != layers || a.items() != rows || a.dim() != d) {
                throw new BadInputException(file + " has shape " + a.layers() + " x " + a.items() + " x " + a.dim()
                        + "; lens.json says " + layers + " x " + rows + " x " + d);
            }
            float[][][] out = new float[layers][][];
            for (int l = 0; l < layers; l++) {
                out[l] = a.slice(l).toArray();
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new BadInputException("the lens directory lacks " + file.getFileName());
        }
    }

    private static void put(float[] dst, int offset, double[] src) {
        for (int i = 0; i < src.length; i++) {
            dst[offset + i] = (float) src[i];
        }
    }

    private static byte[] npy(float[] values, long... shape) {
        byte[] header = Npy.headerBytes(Dtype.F32, shape);
        ByteBuffer b = ByteBuffer.allocate(header.length + values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        b.asFloatBuffer().put(values);
        return b.array();
    }
}
