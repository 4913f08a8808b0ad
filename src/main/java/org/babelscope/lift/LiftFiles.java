package org.babelscope.lift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.report.ResultFiles;
import org.babelscope.stats.JsonInput;
import org.babelscope.store.Dtype;
import org.babelscope.store.NpyArray;
import org.babelscope.store.NpyWriter;
import org.babelscope.store.StoreWriter;

/**
 * A lift directory: {@code lift.json} (what was fitted, on which items, how long each fit took)
 * and {@code maps/<lang>.npy}, float32 [layers, d, d], the map W of each layer (x ↦ x·W, x a row).
 * It is written into a partial sibling, resumable, and renamed into place when complete.
 */
public final class LiftFiles {
    public static final String FORMAT = "babelscope-lift/1";
    public static final String SUMMARY = "lift.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LiftFiles() {
    }

    /** What lift.json holds. {@code fitSeconds}: per language, the fit time of each layer. */
    public record Summary(String pivot, List<String> languages, List<Integer> layers, int dim, MapMethod method,
            double lambda, double holdout, long seed, int items, HoldoutSplit split, Map<String, double[]> fitSeconds,
            Map<String, Object> source) {
    }

    /**
     * Writes a lift directory. Maps are fitted into {@code .<name>.partial} beside the target,
     * each language's file renamed into place when complete and followed by its fit times; the
     * partial folder outlives an interrupted or failed run, so a rerun with the same options skips
     * the languages already fitted. Nothing appears at the target unless {@link #finish} runs.
     */
    public static final class Writer {
        private final Path target;
        private final Path partial;
        private final int layers;
        private final int dim;

        private Writer(Path target, Path partial, int layers, int dim) {
            this.target = target;
            this.partial = partial;
            this.layers = layers;
            this.dim = dim;
        }

        /** Fit times of a language an earlier, interrupted run finished, or null when it must be fitted. */
        public double[] finished(String language) throws IOException {
            Path times = partial.resolve("maps").resolve(language + SECONDS);
            if (!Files.isRegularFile(times)) {
                return null;
            }
            JsonNode t = JsonInput.readJson(times, "fit times");
            if (!t.isArray() || t.size() != layers) {
                return null;
            }
            return doubles(t);
        }

        /**
         * Writes {@code language}'s maps, asking {@code maps} for one layer position at a time and
         * writing it before asking for the next (one d x d map in memory, not all layers'), then
         * {@code seconds}, which {@code maps} has filled in by then.
         */
        public void writeMaps(String language, StoreWriter.LayerSource maps, double[] seconds) throws IOException {
            if (seconds.length != layers) {
                throw new IllegalArgumentException(seconds.length + " times for " + layers + " layers");
            }
            Path dir = partial.resolve("maps");
            Path part = dir.resolve(language + ".npy.part");
            try (NpyWriter w = NpyWriter.create(part, Dtype.F32, layers, dim, dim)) {
                for (int s = 0; s < layers; s++) {
                    w.write(maps.layer(s));
                }
                w.finish();
            }
            Files.move(part, dir.resolve(language + ".npy"), StandardCopyOption.REPLACE_EXISTING);
            // The times come second: their presence says the map before them is complete.
            ResultFiles.writeAtomically(dir.resolve(language + SECONDS), JSON.writeValueAsBytes(seconds));
        }

        public void finish(Summary summary) throws IOException {
            Files.write(partial.resolve(SUMMARY), JSON.writeValueAsBytes(toJson(summary)));
            Files.delete(partial.resolve(PARAMETERS));
            try (Stream<Path> times = Files.list(partial.resolve("maps"))) {
                for (Path t : (Iterable<Path>) times::iterator) {
                    if (t.getFileName().toString().endsWith(SECONDS)) {
                        Files.delete(t);
                    }
                }
            }
            ResultFiles.moveIntoPlace(partial, target);
        }
    }

    private static final String PARAMETERS = "fit-parameters.json";
    private static final String SECONDS = ".seconds.json";

    /**
     * Starts (or resumes) a lift directory at {@code dir}. An existing {@code dir} must be an
     * earlier lift: it is replaced only when the new one is complete. {@code parameters} identify
     * the fit (store, pivot, languages, layers, method, split); an interrupted run is resumed only
     * when they are equal, and refused otherwise.
     */
    public static Writer create(Path dir, int layers, int dim, Map<String, Object> parameters) throws IOException {
        ResultFiles.requireReplaceable(dir, SUMMARY, "a lift directory");
        Path absolute = dir.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
        // Through text, as the file will hold them: a long 7 and the int 7 it reads back are equal.
        JsonNode wanted = JSON.readTree(JSON.writeValueAsBytes(parameters));
        Path params = partial.resolve(PARAMETERS);
        if (Files.isDirectory(partial) && Files.isRegularFile(params)) {
            JsonNode had = JsonInput.readJson(params, "interrupted lift fit");
            if (!had.equals(wanted)) {
                throw new BadInputException("an interrupted lift fit with other options is in " + partial
                        + ": rerun it with the same options to finish it, or delete that folder");
            }
        } else {
            ResultFiles.deleteTree(partial);
            Files.createDirectories(partial.resolve("maps"));
            ResultFiles.writeAtomically(params, JSON.writeValueAsBytes(wanted));
        }
        return new Writer(absolute, partial, layers, dim);
    }

    static ObjectNode toJson(Summary s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("source", JSON.valueToTree(s.source()));
        root.put("pivot", s.pivot());
        root.set("languages", JSON.valueToTree(s.languages()));
        root.set("layers", JSON.valueToTree(s.layers()));
        root.put("dim", s.dim());
        root.put("method", s.method().cliName());
        root.put("lambda", s.lambda());
        root.put("holdout", s.holdout());
        root.put("seed", s.seed());
        root.put("items", s.items());
        root.set("train_items", JSON.valueToTree(s.split().train()));
        root.set("test_items", JSON.valueToTree(s.split().test()));
        ObjectNode seconds = root.putObject("fit_seconds");
        s.fitSeconds().forEach((lang, t) -> {
            ArrayNode a = seconds.putArray(lang);
            for (double v : t) {
                a.add(v);
            }
        });
        return root;
    }

    /** Reads lift.json; the maps stay on disk ({@link #map}). */
    public static Summary read(Path dir) throws IOException {
        Path file = dir.resolve(SUMMARY);
        JsonNode root = ResultFiles.readSummary(dir, SUMMARY, FORMAT, "lift");
        List<String> langs = new ArrayList<>();
        root.path("languages").forEach(n -> langs.add(n.asText()));
        List<Integer> layers = new ArrayList<>();
        root.path("layers").forEach(n -> layers.add(n.asInt()));
        int[] train = ints(root.path("train_items"));
        int[] test = ints(root.path("test_items"));
        Map<String, double[]> seconds = new LinkedHashMap<>();
        root.path("fit_seconds").fields().forEachRemaining(e -> seconds.put(e.getKey(), doubles(e.getValue())));
        @SuppressWarnings("unchecked")
        Map<String, Object> source = JSON.convertValue(root.path("source"), Map.class);
        int dim = root.path("dim").asInt(-1);
        if (langs.isEmpty() || layers.isEmpty() || dim < 1 || test.length == 0 || train.length == 0) {
            throw new BadInputException(file + " is incomplete: languages " + langs + ", layers " + layers + ", dim "
                    + dim + ", " + train.length + " fitting and " + test.length + " held-out items");
        }
        return new Summary(root.path("pivot").asText(), langs, layers, dim,
                MapMethod.parse(root.path("method").asText()), root.path("lambda").asDouble(),
                root.path("holdout").asDouble(), root.path("seed").asLong(), root.path("items").asInt(),
                new HoldoutSplit(train, test), seconds, source == null ? Map.of() : source);
    }

    /** The map of {@code language} at layer position {@code slot} of the lift's layers. */
    public static FloatMatrix map(Path dir, Summary s, String language, int slot) throws IOException {
        Path file = dir.resolve("maps").resolve(language + ".npy");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("the lift " + dir + " has no map for '" + language + "'");
        }
        try (NpyArray a = NpyArray.open(file)) {
            if (a.layers() != s.layers().size() || a.items() != s.dim() || a.dim() != s.dim()) {
                throw new BadInputException(file + " is not [" + s.layers().size() + ", " + s.dim() + ", " + s.dim() + "]");
            }
            return a.slice(slot);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
