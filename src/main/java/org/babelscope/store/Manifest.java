package org.babelscope.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.babelscope.BadInputException;

/**
 * manifest.json of an embedding store. Only "format", "layers" and "views" (each with "file" and
 * "shape") are required, so that a store made by hand next to {@code numpy.save} files is
 * accepted; model, pooling, dtype, corpus and per-view sha256 are optional. Unknown keys, at any
 * level, are ignored when reading and written back unchanged, so a newer writer's additions
 * survive an older one's rewrite. Instances are immutable; the {@code with...} methods return
 * copies.
 */
public final class Manifest {
    public static final String FORMAT = "babelscope-store/1";
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What produced the embeddings; every field may be null. */
    public record ModelInfo(String path, String sha256, String architecture, Integer nLayer, Integer nEmbd) {
    }

    /** The parallel corpus the items come from; every field may be null. */
    public record CorpusInfo(String name, String sha256, Integer nItems) {
    }

    /**
     * One view: its .npy file (a plain name inside the store directory), shape [layers, items,
     * dim], and the file's SHA-256 (lowercase hex), which may be null.
     */
    public record ViewEntry(String file, int layers, int items, int dim, String sha256) {
        public long[] shape() {
            return new long[] {layers, items, dim};
        }

        String shapeText() {
            return "[" + layers + ", " + items + ", " + dim + "]";
        }
    }

    /** The JSON as read (or empty), the source of the unknown keys written back. */
    private final ObjectNode raw;
    private final ModelInfo model;
    private final String pooling;
    private final List<Integer> layers;
    private final Dtype dtype;
    private final CorpusInfo corpus;
    private final Map<String, ViewEntry> views;

    private Manifest(ObjectNode raw, ModelInfo model, String pooling, List<Integer> layers, Dtype dtype,
                     CorpusInfo corpus, Map<String, ViewEntry> views) {
        this.raw = raw;
        this.model = model;
        this.pooling = pooling;
        this.layers = List.copyOf(layers);
        this.dtype = dtype;
        this.corpus = corpus;
        this.views = Collections.unmodifiableMap(new LinkedHashMap<>(views));
    }

    /** A manifest with the given layers and nothing else, the base for {@link StoreWriter}. */
    public static Manifest create(List<Integer> layers) {
        checkLayers(layers, "layers");
        return new Manifest(NODES.objectNode(), null, null, layers, null, null, Map.of());
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Reads and validates {@code file}. */
    public static Manifest read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory; a store's " + FILE_NAME + " must be a JSON file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no " + FILE_NAME + " at " + file + ": this is not a babelscope store", e);
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + " is not valid UTF-8 text; a store's " + FILE_NAME + " is UTF-8 JSON", e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates manifest JSON; {@code source} names it in messages. */
    public static Manifest parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(source + " must hold a JSON object");
        }
        return new Reader((ObjectNode) root, source).manifest();
    }

    /** Validation of one JSON tree, holding the source name for messages. */
    private static final class Reader {
        private final ObjectNode root;
        private final String source;

        Reader(ObjectNode root, String source) {
            this.root = root;
            this.source = source;
        }

        Manifest manifest() {
            JsonNode format = root.get("format");
            if (format == null) {
                throw bad("has no \"format\"; a store manifest starts with \"format\": \"" + FORMAT + "\"");
            }
            if (!format.isTextual() || !format.asText().equals(FORMAT)) {
                throw bad("has format " + format + "; this version of babelscope reads \"" + FORMAT + "\"");
            }
            List<Integer> layers = layers();
            Map<String, ViewEntry> views = views(layers.size());
            Dtype dtype = null;
            String dtypeLabel = optionalText(root, "dtype");
            if (dtypeLabel != null) {
                dtype = Dtype.fromLabel(dtypeLabel).orElseThrow(
                        () -> bad("has dtype \"" + dtypeLabel + "\"; it must be \"f32\" or \"f16\""));
            }
            return new Manifest(root, model(), optionalText(root, "pooling"), layers, dtype, corpus(), views);
        }

        private List<Integer> layers() {
            JsonNode node = root.get("layers");
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw bad("needs \"layers\": a non-empty list of the model layer index of each slot");
            }
            List<Integer> layers = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                    throw bad("has layer " + n + " in \"layers\"; layers are integers");
                }
                layers.add(n.intValue());
            }
            try {
                checkLayers(layers, "\"layers\"");
            } catch (IllegalArgumentException e) {
                throw bad("has " + e.getMessage());
            }
            return layers;
        }

        private Map<String, ViewEntry> views(int layerCount) {
            JsonNode node = root.get("views");
            if (node == null || !node.isObject() || node.isEmpty()) {
                throw bad("needs \"views\": an object with at least one view, such as"
                        + " {\"eng_Latn\": {\"file\": \"eng_Latn.npy\", \"shape\": [L, N, d]}}");
            }
            Map<String, ViewEntry> views = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                views.put(e.getKey(), view(e.getKey(), e.getValue(), layerCount));
            }
            return views;
        }

        private ViewEntry view(String name, JsonNode node, int layerCount) {
            String where = "view \"" + name + "\"";
            if (!node.isObject()) {
                throw bad("has " + where + " that is not an object with \"file\" and \"shape\"");
            }
            JsonNode file = node.get("file");
            if (file == null || !file.isTextual()) {
                throw bad("has " + where + " without a \"file\" name");
            }
            if (!isPlainFileName(file.asText())) {
                throw bad("has " + where + " with file \"" + file.asText()
                        + "\"; it must be a plain file name inside the store directory (no '/' or '..')");
            }
            JsonNode shape = node.get("shape");
            int[] dims = new int[3];
            if (shape == null || !shape.isArray() || shape.size() != 3) {
                throw bad("has " + where + " without a \"shape\" of 3 integers [layers, items, dim]");
            }
            for (int i = 0; i < 3; i++) {
                JsonNode d = shape.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 1) {
                    throw bad("has " + where + " with shape " + shape + "; it needs 3 positive integers [layers, items, dim]");
                }
                dims[i] = d.intValue();
            }
            if (dims[0] != layerCount) {
                throw bad("has " + where + " with shape " + shape + ", whose first axis (" + dims[0]
                        + ") differs from the " + layerCount + " entries of \"layers\"");
            }
            return new ViewEntry(file.asText(), dims[0], dims[1], dims[2], optionalText(node, "sha256"));
        }

        private ModelInfo model() {
            ObjectNode m = optionalObject("model");
            if (m == null) {
                return null;
            }
            return new ModelInfo(optionalText(m, "path"), optionalText(m, "sha256"), optionalText(m, "architecture"),
                    optionalInt(m, "n_layer"), optionalInt(m, "n_embd"));
        }

        private CorpusInfo corpus() {
            ObjectNode c = optionalObject("corpus");
            if (c == null) {
                return null;
            }
            return new CorpusInfo(optionalText(c, "name"), optionalText(c, "sha256"), optionalInt(c, "n_items"));
        }

        private ObjectNode optionalObject(String key) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isObject()) {
                throw bad("has \"" + key + "\": " + n + ", which is not an object");
            }
            return (ObjectNode) n;
        }

        private String optionalText(JsonNode parent, String key) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isTextual()) {
                throw bad("has \"" + key + "\": " + n + ", which is not a string");
            }
            return n.asText();
        }

        private Integer optionalInt(JsonNode parent, String key) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw bad("has \"" + key + "\": " + n + ", which is not an integer");
            }
            return n.intValue();
        }

        private BadInputException bad(String what) {
            return new BadInputException("store manifest " + source + " " + what);
        }
    }

    private static void checkLayers(List<Integer> layers, String what) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer layer : layers) {
            if (layer == null || layer < 0) {
                throw new IllegalArgumentException(what + " " + layers + " with a negative layer " + layer);
            }
            if (!seen.add(layer)) {
                throw new IllegalArgumentException(what + " " + layers + " listing layer " + layer + " twice");
            }
        }
    }

    /** A file name that stays inside the store directory: no separators, not "." or "..". */
    static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && !name.contains("/")
                && !name.contains("\\") && name.indexOf('\0') < 0;
    }

    // ---- accessors ----------------------------------------------------------------------------

    public String format() {
        return FORMAT;
    }

    public Optional<ModelInfo> model() {
        return Optional.ofNullable(model);
    }

    /** "last", "mean" or "weighted" for stores babelscope captured; free text in hand-made ones. */
    public Optional<String> pooling() {
        return Optional.ofNullable(pooling);
    }

    /** The model layer index of each slot of the first npy axis. */
    public List<Integer> layers() {
        return layers;
    }

    public Optional<Dtype> dtype() {
        return Optional.ofNullable(dtype);
    }

    public Optional<CorpusInfo> corpus() {
        return Optional.ofNullable(corpus);
    }

    /** Views by name, in manifest order. */
    public Map<String, ViewEntry> views() {
        return views;
    }

    public Optional<ViewEntry> view(String name) {
        return Optional.ofNullable(views.get(name));
    }

    // ---- copies -------------------------------------------------------------------------------

    public Manifest withModel(ModelInfo model) {
        return new Manifest(raw, model, pooling, layers, dtype, corpus, views);
    }

    public Manifest withPooling(String pooling) {
        return new Manifest(raw, model, pooling, layers, dtype, corpus, views);
    }

    /**
     * How the states were changed (steering vectors during capture, lift maps after it: a
     * description and, for steering, a digest of the vectors), or empty for states as captured.
     * Kept as a plain key of the manifest, so older readers ignore it.
     */
    public Optional<String> steer() {
        JsonNode n = raw.get("steer");
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    public Manifest withSteer(String steer) {
        ObjectNode copy = raw.deepCopy();
        copy.put("steer", steer);
        return new Manifest(copy, model, pooling, layers, dtype, corpus, views);
    }

    public Manifest withDtype(Dtype dtype) {
        return new Manifest(raw, model, pooling, layers, dtype, corpus, views);
    }

    public Manifest withCorpus(CorpusInfo corpus) {
        return new Manifest(raw, model, pooling, layers, dtype, corpus, views);
    }

    /** A copy with {@code entry} added, or replacing the view of that name in place. */
    public Manifest withView(String name, ViewEntry entry) {
        if (entry.layers() != layers.size()) {
            throw new IllegalArgumentException("view " + name + " has " + entry.layers() + " layer slots, the manifest "
                    + layers.size());
        }
        if (!isPlainFileName(entry.file())) {
            throw new IllegalArgumentException("view file " + entry.file() + " is not a plain file name");
        }
        Map<String, ViewEntry> copy = new LinkedHashMap<>(views);
        copy.put(name, entry);
        return new Manifest(raw, model, pooling, layers, dtype, corpus, copy);
    }

    // ---- writing ------------------------------------------------------------------------------

    /** Pretty-printed JSON. Known keys keep the position they had in the file read, if any. */
    public String toJson() {
        ObjectNode root = raw.deepCopy();
        root.put("format", FORMAT);
        setOrRemove(root, "model", model == null ? null : modelNode(root.get("model")));
        setOrRemove(root, "pooling", pooling == null ? null : NODES.textNode(pooling));
        ArrayNode layerArray = root.putArray("layers");
        layers.forEach(layerArray::add);
        setOrRemove(root, "dtype", dtype == null ? null : NODES.textNode(dtype.label()));
        setOrRemove(root, "corpus", corpus == null ? null : corpusNode(root.get("corpus")));
        root.set("views", viewsNode(root.get("views")));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Writes the JSON to {@code file} (not atomically; {@link StoreWriter} adds that). */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    private ObjectNode modelNode(JsonNode old) {
        ObjectNode n = startFrom(old);
        putOrRemove(n, "path", model.path());
        putOrRemove(n, "sha256", model.sha256());
        putOrRemove(n, "architecture", model.architecture());
        putOrRemove(n, "n_layer", model.nLayer());
        putOrRemove(n, "n_embd", model.nEmbd());
        return n;
    }

    private ObjectNode corpusNode(JsonNode old) {
        ObjectNode n = startFrom(old);
        putOrRemove(n, "name", corpus.name());
        putOrRemove(n, "sha256", corpus.sha256());
        putOrRemove(n, "n_items", corpus.nItems());
        return n;
    }

    private ObjectNode viewsNode(JsonNode old) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, ViewEntry> e : views.entrySet()) {
            ViewEntry v = e.getValue();
            ObjectNode n = startFrom(old == null ? null : old.get(e.getKey()));
            n.put("file", v.file());
            ArrayNode shape = n.putArray("shape");
            shape.add(v.layers()).add(v.items()).add(v.dim());
            putOrRemove(n, "sha256", v.sha256());
            out.set(e.getKey(), n);
        }
        return out;
    }

    /** A copy of the object read from the file, keeping its unknown keys, or an empty object. */
    private static ObjectNode startFrom(JsonNode old) {
        return old != null && old.isObject() ? ((ObjectNode) old).deepCopy() : NODES.objectNode();
    }

    private static void setOrRemove(ObjectNode parent, String key, JsonNode value) {
        if (value == null) {
            parent.remove(key);
        } else {
            parent.set(key, value);
        }
    }

    private static void putOrRemove(ObjectNode parent, String key, String value) {
        setOrRemove(parent, key, value == null ? null : NODES.textNode(value));
    }

    private static void putOrRemove(ObjectNode parent, String key, Integer value) {
        setOrRemove(parent, key, value == null ? null : NODES.numberNode(value));
    }

    @Override
    public String toString() {
        return "Manifest[layers=" + layers + ", views=" + views.keySet() + "]";
    }
}
