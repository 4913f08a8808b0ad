package org.babelscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.babelscope.BadInputException;
import org.babelscope.compute.Backends;
import org.babelscope.compute.FloatMatrix;
import org.babelscope.compute.Precision;
import org.babelscope.report.ResultFiles;
import org.babelscope.report.TextTable;
import org.babelscope.store.Dtype;
import org.babelscope.store.Manifest;
import org.babelscope.store.Sha256;
import org.babelscope.store.StoreWriter;
import org.babelscope.tiers.ResourceTiers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "align", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Writes a synthetic embedding store (a Gaussian pivot per layer; per language, its rows",
                "partly rotated plus noise whose level depends on the language and the layer, so MEXA and",
                "P@1 spread over (0, 1)), runs `babelscope align` on it in-process once per backend, times",
                "each run, and checks that the backends agree: MEXA and every P@1 identical, mean cosines",
                "within 1e-4, per language and layer. Exit 1 when they differ at fp32; with --precision",
                "tf32 the differences are counted and reported (near-ties may flip), not a failure.",
                "A backend that cannot run here is reported with its reason and skipped; exit 2 when none can."},
        footer = {"", "Examples:",
                "  babelscope bench align        (20 languages x 1000 items x 32 layers, d = 1024: 2.6 GB in a",
                "                                 temporary folder, deleted afterwards; cpu and cuda)",
                "  babelscope bench align --backends cpu,cuda --precision tf32",
                "  babelscope bench align --work runs/bench-align --langs 5 --items 200 --layers 4 --d 256 \\",
                "      --backends cpu,cpu",
                "", "The work folder holds store/ and results-<backend>.json per run; a rerun with the same",
                "folder and sizes reuses the store."})
final class BenchAlignCommand implements Callable<Integer> {
    /** Real FLORES-200 codes, the pivot first, across scripts and resource tiers. */
    static final List<String> LANGUAGES = List.of(
            "eng_Latn", "fra_Latn", "deu_Latn", "zho_Hans", "spa_Latn", "rus_Cyrl", "jpn_Jpan", "arb_Arab",
            "hin_Deva", "vie_Latn", "tur_Latn", "ell_Grek", "kor_Hang", "ind_Latn", "ben_Beng", "swh_Latn",
            "tam_Taml", "amh_Ethi", "yor_Latn", "quy_Latn",
            "ita_Latn", "por_Latn", "nld_Latn", "pol_Latn", "ukr_Cyrl", "heb_Hebr", "pes_Arab", "tha_Thai",
            "urd_Arab", "tel_Telu", "mar_Deva", "guj_Gujr", "kat_Geor", "hye_Armn", "khm_Khmr", "mya_Mymr",
            "hau_Latn", "ibo_Latn", "zul_Latn", "wol_Latn");

    /** The acceptance tolerance on mean cosines; every other metric must be identical. */
    static final double COS_TOLERANCE = 1e-4;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--langs", defaultValue = "20", paramLabel = "N",
            description = "Languages: eng_Latn (the pivot) and N - 1 others, 2 to 40 (default: ${DEFAULT-VALUE}).")
    int langs;

    @Option(names = "--items", defaultValue = "1000", paramLabel = "N", description = "Parallel items (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--layers", defaultValue = "32", paramLabel = "L", description = "Layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--d", defaultValue = "1024", paramLabel = "D", description = "Embedding width (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed of the synthetic store (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backends", split = ",", defaultValue = "cpu,cuda", paramLabel = "LIST",
            description = {"Backends to run, in order, each compared with the first that ran: cpu, cuda, auto;",
                    "a name may repeat (default: ${DEFAULT-VALUE})."})
    List<String> backends;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|tf32",
            description = {"GEMM arithmetic of the cuda (and auto) runs (default: ${DEFAULT-VALUE}); the cpu runs are",
                    "always fp32. tf32 can reorder near-ties: differences are then counted, not a failure."})
    String precision;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU threads for the kernels (default: all cores).")
    int threads;

    @Option(names = "--tile-mb", paramLabel = "MB",
            description = "Memory for one similarity tile (default: align's, 32 on the CPU, 256 on CUDA).")
    Long tileMb;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Folder for the store and the results, kept (default: a temporary folder, deleted afterwards).")
    Path work;

    @Option(names = "--keep", description = "Keep the temporary folder (it is named on stderr).")
    boolean keep;

    /** One requested run: the backend name, its label in tables and file names, and why it cannot run. */
    private record Planned(String backend, String label, Precision precision, Optional<String> unavailable) {
    }

    /** One finished run. */
    private record Ran(Planned plan, double seconds, Path results, JsonNode json) {
        /** What actually computed (auto resolves to cpu or cuda). */
        String computedBy() {
            return json.at("/inputs/backend").asText(plan.backend());
        }

        boolean tf32() {
            return plan.precision() == Precision.TF32 && computedBy().equals("cuda");
        }
    }

    @Override
    public Integer call() throws Exception {
        Precision gemm = validate();
        List<Planned> plan = plan(gemm);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Planned p : plan) {
            p.unavailable().ifPresent(why -> err.println(p.backend() + ": skipped, " + why));
        }
        if (plan.stream().allMatch(p -> p.unavailable().isPresent())) {
            StringBuilder why = new StringBuilder("no backend of --backends " + String.join(",", backends) + " can run here:");
            plan.stream().map(p -> p.backend() + ": " + p.unavailable().get()).distinct()
                    .forEach(s -> why.append(' ').append(s).append(';'));
            why.setLength(why.length() - 1);
            throw new BadInputException(why.toString());
        }
        boolean temporary = work == null;
        Path dir = temporary ? Files.createTempDirectory("babelscope-bench-align-") : work;
        try {
            return run(plan, dir, out, err);
        } finally {
            if (temporary && !keep) {
                try {
                    ResultFiles.deleteTree(dir);
                } catch (IOException e) {
                    err.println("could not delete the temporary folder " + dir + ": " + e.getMessage());
                }
            } else if (temporary) {
                err.println("kept " + dir);
            }
        }
    }

    private Precision validate() {
        if (langs < 2 || langs > LANGUAGES.size()) {
            throw new BadInputException("--langs must be 2 to " + LANGUAGES.size() + " (the pivot and at least one other), got "
                    + langs);
        }
        if (items < 2) {
            throw new BadInputException("--items must be at least 2 (MEXA and P@1 need another candidate), got " + items);
        }
        if (layers < 1) {
            throw new BadInputException("--layers must be at least 1, got " + layers);
        }
        if (dim < 1) {
            throw new BadInputException("--d must be at least 1, got " + dim);
        }
        if ((long) items * dim * Float.BYTES > Integer.MAX_VALUE) {
            throw new BadInputException("--items x --d is " + (long) items * dim + " floats per layer, over the 2 GiB a layer may take");
        }
        if (threads < 0) {
            throw new BadInputException("--threads must be 0 (all cores) or positive, got " + threads);
        }
        if (tileMb != null && tileMb < 1) {
            throw new BadInputException("--tile-mb must be at least 1, got " + tileMb);
        }
        if (backends == null || backends.isEmpty() || backends.stream().allMatch(String::isBlank)) {
            throw new BadInputException("--backends names no backend; choose from cpu, cuda, auto");
        }
        for (String b : backends) {
            if (!List.of("cpu", "cuda", "auto").contains(b.trim())) {
                throw new BadInputException("unknown backend '" + b.trim() + "' in --backends; choose from cpu, cuda, auto");
            }
        }
        Precision p = Precision.parse(precision);
        if (p == Precision.TF32 && backends.stream().allMatch(b -> b.trim().equals("cpu"))) {
            throw new BadInputException("--precision tf32 needs the cuda backend; the CPU computes in fp32");
        }
        return p;
    }

    private List<Planned> plan(Precision gemm) {
        List<Planned> plan = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String raw : backends) {
            String b = raw.trim();
            if (b.isEmpty()) {
                continue;
            }
            int n = seen.merge(b, 1, Integer::sum);
            String label = n == 1 ? b : b + "-" + n;
            Optional<String> unavailable = b.equals("cuda") ? Backends.cudaUnavailableReason() : Optional.empty();
            plan.add(new Planned(b, label, b.equals("cpu") ? Precision.FP32 : gemm, unavailable));
        }
        return plan;
    }

    private int run(List<Planned> plan, Path dir, PrintWriter out, PrintWriter err) throws IOException {
        Path storeDir = dir.resolve("store");
        SyntheticStore synthetic = new SyntheticStore(LANGUAGES.subList(0, langs), items, layers, dim, seed);
        long bytes = (long) langs * layers * items * dim * Float.BYTES;
        Files.createDirectories(dir);
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < bytes + (bytes >> 4)) {
            throw new BadInputException(String.format(Locale.ROOT, "the store takes %s and %s has %s free; choose another"
                    + " --work or smaller sizes", size(bytes), dir, size(free)));
        }
        err.printf(Locale.ROOT, "writing the synthetic store %s (%s) ...%n", storeDir, size(bytes));
        long start = System.nanoTime();
        int written = synthetic.write(storeDir, (view, i, n) -> err.printf(Locale.ROOT, "  view %s (%d/%d)%n", view, i, n));
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "synthetic store: %d languages x %d items x %d layers, d = %d, f32, %s, seed %d; %s%n",
                langs, items, layers, dim, size(bytes), seed,
                written == 0 ? "reused" : String.format(Locale.ROOT, "%s in %.1f s",
                        written == langs ? "written" : written + " views written, the rest reused", writeSeconds));
        out.printf(Locale.ROOT, "  at %s%s%n", storeDir, work == null && !keep ? " (temporary: deleted at exit; --keep keeps it)" : "");
        out.flush();

        List<Ran> ran = new ArrayList<>();
        TextTable timing = new TextTable(List.of("backend", "precision", "status", "wall s", "items*layers*langs/s", "results"));
        long itemPairs = (long) items * layers * (langs - 1);
        for (Planned p : plan) {
            if (p.unavailable().isPresent()) {
                timing.add(List.of(p.label(), "", "skipped: " + p.unavailable().get(), "", "", ""));
                continue;
            }
            Path results = dir.resolve("results-" + p.label() + ".json");
            err.printf(Locale.ROOT, "align --backend %s (%s) ...%n", p.backend(), p.precision().label());
            double seconds = align(storeDir, p, results, err);
            Ran r = new Ran(p, seconds, results, JSON.readTree(results.toFile()));
            ran.add(r);
            timing.add(List.of(p.label(), p.precision().label(), "ran on " + r.computedBy(),
                    String.format(Locale.ROOT, "%.2f", seconds), String.format(Locale.ROOT, "%.0f", itemPairs / seconds),
                    results.getFileName().toString()));
        }
        out.println();
        out.println("align, wall time of the whole command per backend (langs: the " + (langs - 1)
                + " scored; the first run also warms the JVM):");
        out.print(timing.render());
        out.println();
        out.println(spread(ran.get(0).json()));
        if (ran.size() < 2) {
            out.println("one backend ran: nothing to compare");
            out.flush();
            return Cli.OK;
        }
        int code = compareAll(ran, out);
        out.flush();
        return code;
    }

    /** Runs the align command in-process, as `babelscope align` would; returns its wall seconds. */
    private double align(Path storeDir, Planned p, Path results, PrintWriter err) {
        List<String> args = new ArrayList<>(List.of("align", "--store", storeDir.toString(), "--pivot", LANGUAGES.get(0),
                "--backend", p.backend(), "--precision", p.precision().label(), "--threads", String.valueOf(threads),
                "--out", results.toString()));
        if (tileMb != null) {
            args.addAll(List.of("--tile-mb", String.valueOf(tileMb)));
        }
        StringWriter tables = new StringWriter(); // align's tables: the results files hold the same
        long start = System.nanoTime();
        int rc = Cli.create(new PrintWriter(tables, true), err).execute(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        err.flush();
        if (rc != Cli.OK) {
            String message = "align --backend " + p.backend() + " failed (exit " + rc + "; its message is above)";
            if (rc == Cli.BAD_INPUT) {
                throw new BadInputException(message);
            }
            throw new IllegalStateException(message);
        }
        return seconds;
    }

    /** One line: how MEXA and P@1 spread over languages and layers, to show the store is not degenerate. */
    private static String spread(JsonNode json) {
        StringBuilder sb = new StringBuilder();
        for (String metric : List.of("mexa", "retrieval")) {
            List<Double> v = new ArrayList<>();
            for (JsonNode lang : json.at("/metrics/" + metric + "/per_language")) {
                for (JsonNode x : lang.get("per_layer")) {
                    if (x.isNumber()) {
                        v.add(x.asDouble());
                    }
                }
            }
            if (v.isEmpty()) {
                continue;
            }
            v.sort(Double::compare);
            long extremes = v.stream().filter(x -> x == 0.0 || x == 1.0).count();
            sb.append(sb.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "%s over languages x layers: min %.3f, median %.3f, max %.3f, %d of %d at 0 or 1", metric,
                    v.get(0), v.get(v.size() / 2), v.get(v.size() - 1), extremes, v.size()));
        }
        return sb.toString();
    }

    /** Compares every run with the first; prints the table and the verdict; returns the exit code. */
    private int compareAll(List<Ran> ran, PrintWriter out) {
        Ran reference = ran.get(0);
        TextTable table = new TextTable(List.of("compared", "metric", "rule", "values", "differ", "items flipped",
                "largest |diff|", "where"));
        List<String> strictProblems = new ArrayList<>();
        List<String> lenientProblems = new ArrayList<>();
        for (Ran other : ran.subList(1, ran.size())) {
            String pair = other.plan().label() + " vs " + reference.plan().label();
            boolean lenient = reference.tf32() || other.tf32();
            Comparison c = compare(reference.json(), other.json());
            int countsDiffer = 0;
            long flipped = 0;
            int countsTotal = 0;
            int cosDiffer = 0;
            double cosLargest = 0;
            for (MetricDiff m : c.metrics()) {
                table.add(List.of(pair, m.metric(), m.exact() ? "identical" : "|diff| <= " + format(COS_TOLERANCE),
                        String.valueOf(m.values()), String.valueOf(m.differing()),
                        m.exact() ? String.valueOf(m.itemsFlipped()) : "", format(m.largest()), m.where()));
                if (m.exact()) {
                    countsDiffer += m.differing();
                    countsTotal += m.values();
                    flipped += m.itemsFlipped();
                } else {
                    cosDiffer += m.differing();
                    cosLargest = Math.max(cosLargest, m.largest());
                }
            }
            List<String> problems = new ArrayList<>(c.structure());
            if (countsDiffer > 0) {
                problems.add(String.format(Locale.ROOT, "%d of %d MEXA/P@1 values differ (%d items flipped)", countsDiffer,
                        countsTotal, flipped));
            }
            if (cosDiffer > 0) {
                problems.add(String.format(Locale.ROOT, "%d mean cosines differ by more than %s (largest %s)", cosDiffer,
                        format(COS_TOLERANCE), format(cosLargest)));
            }
            if (!problems.isEmpty()) {
                (lenient ? lenientProblems : strictProblems).add(pair + ": " + String.join(", ", problems));
            }
        }
        out.println();
        out.print(table.render());
        out.println();
        if (strictProblems.isEmpty() && lenientProblems.isEmpty()) {
            out.printf(Locale.ROOT, "backends agree: MEXA and P@1 identical, mean cosines within %s (%s)%n",
                    format(COS_TOLERANCE), String.join(", ", ran.stream().map(r -> r.plan().label()).toList()));
            return Cli.OK;
        }
        List<String> all = new ArrayList<>(strictProblems);
        all.addAll(lenientProblems);
        if (strictProblems.isEmpty()) {
            out.println("backends DIFFER: " + String.join("; ", all)
                    + " (tf32 rounds similarities at ~1e-3, so near-ties can flip: reported, not a failure)");
            return Cli.OK;
        }
        out.println("backends DIFFER: " + String.join("; ", all));
        return Cli.FAILURE;
    }

    private static String format(double v) {
        if (v == 0) {
            return "0";
        }
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : "null vs number";
    }

    private static String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        return bytes >= 1_000_000L ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }

    // ---- comparing two results.json ---------------------------------------------------------------------

    /** The largest difference of one metric over languages and layers; cos has a tolerance, the rest none. */
    record MetricDiff(String metric, boolean exact, int values, int differing, long itemsFlipped, double largest,
            String where) {
    }

    /** Per-metric differences, and what does not line up at all (layers, languages, metrics). */
    record Comparison(List<MetricDiff> metrics, List<String> structure) {
    }

    /**
     * Compares {@code metrics.<m>.per_language.<view>.per_layer} of two results.json files: "cos"
     * within {@link #COS_TOLERANCE}, every other metric (MEXA, retrieval and margin P@1, both
     * ways) identical. A value's difference times n_items is the number of items that flipped.
     */
    static Comparison compare(JsonNode a, JsonNode b) {
        List<String> structure = new ArrayList<>();
        if (!a.path("layers").equals(b.path("layers"))) {
            structure.add("layers " + a.path("layers") + " vs " + b.path("layers"));
        }
        if (!a.path("n_items").equals(b.path("n_items"))) {
            structure.add("n_items " + a.path("n_items") + " vs " + b.path("n_items"));
        }
        int n = a.path("n_items").asInt(0);
        JsonNode layerNumbers = a.path("layers");
        List<MetricDiff> out = new ArrayList<>();
        for (Iterator<String> it = a.path("metrics").fieldNames(); it.hasNext(); ) {
            String metric = it.next();
            JsonNode ma = a.at("/metrics/" + metric + "/per_language");
            JsonNode mb = b.at("/metrics/" + metric + "/per_language");
            if (mb.isMissingNode()) {
                structure.add("metric " + metric + " missing from the second");
                continue;
            }
            boolean exact = !metric.equals("cos");
            int values = 0;
            int differing = 0;
            long flipped = 0;
            double largest = 0;
            String where = "";
            for (Iterator<String> langs = ma.fieldNames(); langs.hasNext(); ) {
                String lang = langs.next();
                JsonNode la = ma.path(lang).path("per_layer");
                JsonNode lb = mb.path(lang).path("per_layer");
                if (lb.size() != la.size()) {
                    structure.add(metric + " of " + lang + ": " + la.size() + " layers vs " + lb.size());
                    continue;
                }
                for (int i = 0; i < la.size(); i++) {
                    values++;
                    JsonNode x = la.get(i);
                    JsonNode y = lb.get(i);
                    double diff;
                    if (x.isNull() || y.isNull()) {
                        diff = x.isNull() && y.isNull() ? 0 : Double.POSITIVE_INFINITY;
                    } else {
                        diff = Math.abs(x.asDouble() - y.asDouble());
                    }
                    boolean differs = exact ? diff != 0 : !(diff <= COS_TOLERANCE);
                    if (differs) {
                        differing++;
                        if (exact && Double.isFinite(diff)) {
                            flipped += Math.round(diff * n);
                        }
                    }
                    if (diff > largest || (differs && where.isEmpty())) {
                        largest = Math.max(largest, diff);
                        where = lang + "@L" + layerNumbers.path(i).asText(String.valueOf(i));
                    }
                }
            }
            for (Iterator<String> langs = mb.fieldNames(); langs.hasNext(); ) {
                String lang = langs.next();
                if (ma.path(lang).isMissingNode()) {
                    structure.add(metric + " of " + lang + " only in the second");
                }
            }
            out.add(new MetricDiff(metric, exact, values, differing, flipped, largest, where));
        }
        for (Iterator<String> it = b.path("metrics").fieldNames(); it.hasNext(); ) {
            String metric = it.next();
            if (a.path("metrics").path(metric).isMissingNode()) {
                structure.add("metric " + metric + " missing from the first");
            }
        }
        return new Comparison(out, structure);
    }

    // ---- the synthetic store ----------------------------------------------------------------------------

    /**
     * Hidden states with realistic structure, seeded and independent of thread count. In the
     * unscaled space, the pivot's item i at layer l is {@code z = g_i + a_l·u_l} (g Gaussian per
     * layer and item, u_l a common direction: raw cosines of unrelated items sit at 0.1 to 0.6, as
     * in real models, which are anisotropic); language L's is
     * <pre>  y = cos θ·z + sin θ·R_L z + σ_i·ε + β·v_L</pre>
     * with R_L a signed permutation (a rotation into the language's own coordinates), ε fresh
     * noise and v_L a language offset. Stored values are {@code s ⊙ z} and {@code s ⊙ y}, s a
     * log-normal scale per coordinate (uneven variance across dimensions). The noise is calibrated
     * so that a typical item's diagonal cosine sits near the largest off-diagonal one
     * (√(2 ln n / d_eff)) times exp(q), q rising with the language's resource class (Joshi et al.)
     * and peaking in the middle layers; σ_i varies per item (hard items stay hard across layers
     * and languages), so MEXA and P@1 vary smoothly across (0, 1). Nothing is quantised or
     * repeated: ties are as rare as in continuous data.
     */
    static final class SyntheticStore {
        /** Log-normal spread of the per-item noise: sets how gradually MEXA moves between 0 and 1. */
        private static final double ITEM_SPREAD = 0.45;
        private static final double LANGUAGE_OFFSET = 0.4;
        private static final long PIVOT = 0x9E3779B97F4A7C15L;
        private static final long NOISE = 0xC2B2AE3D27D4EB4FL;

        /** Called as each view starts. */
        interface Listener {
            void view(String name, int index, int count);
        }

        private final List<String> languages;
        private final int items;
        private final int layers;
        private final int dim;
        private final long seed;
        private final double[] scale;
        private final double[][] common;     // [layer][dim], already times a_l
        private final double[][] offset;     // [language][dim], already times beta
        private final int[][] permutation;   // [language][dim]
        private final double[][] sign;       // [language][dim]
        private final double[][] cosTheta;   // [language][layer]
        private final double[][] sinTheta;
        private final double[][] sigma;      // [language][layer]
        private final double[][] difficulty; // [language][item]

        SyntheticStore(List<String> languages, int items, int layers, int dim, long seed) {
            this.languages = List.copyOf(languages);
            this.items = items;
            this.layers = layers;
            this.dim = dim;
            this.seed = seed;
            int nl = languages.size();
            SplittableRandom r = random(seed, 1);
            scale = new double[dim];
            double s2 = 0;
            double s4 = 0;
            for (int k = 0; k < dim; k++) {
                scale[k] = Math.exp(0.5 * r.nextGaussian());
                s2 += scale[k] * scale[k];
                s4 += Math.pow(scale[k], 4);
            }
            double effectiveDim = s2 * s2 / s4;
            double threshold = Math.min(0.9, Math.max(0.02, Math.sqrt(2 * Math.log(items) / effectiveDim)));
            common = new double[layers][dim];
            for (int l = 0; l < layers; l++) {
                SplittableRandom rl = random(seed, 2, l);
                double a = 0.4 + 0.8 * depth(l);
                for (int k = 0; k < dim; k++) {
                    common[l][k] = a * rl.nextGaussian();
                }
            }
            double[] shared = new double[items];
            SplittableRandom ri = random(seed, 3);
            for (int i = 0; i < items; i++) {
                shared[i] = ri.nextGaussian();
            }
            offset = new double[nl][dim];
            permutation = new int[nl][];
            sign = new double[nl][dim];
            cosTheta = new double[nl][layers];
            sinTheta = new double[nl][layers];
            sigma = new double[nl][layers];
            difficulty = new double[nl][items];
            for (int li = 1; li < nl; li++) {
                SplittableRandom rl = random(seed, 4, li);
                for (int k = 0; k < dim; k++) {
                    offset[li][k] = LANGUAGE_OFFSET * rl.nextGaussian();
                    sign[li][k] = rl.nextBoolean() ? 1 : -1;
                }
                permutation[li] = shuffled(dim, rl);
                int joshi = ResourceTiers.joshiClass(languages.get(li)).orElse(1);
                double quality = -0.55 + 0.22 * joshi + 0.12 * rl.nextGaussian();
                double theta = 0.25 + 0.5 * rl.nextDouble();
                for (int l = 0; l < layers; l++) {
                    double t = depth(l);
                    double bump = Math.exp(-Math.pow((t - 0.55) / 0.3, 2));
                    double angle = theta * (1.2 - 0.6 * bump);
                    cosTheta[li][l] = Math.cos(angle);
                    sinTheta[li][l] = Math.sin(angle);
                    double q = quality + 0.9 * bump - 0.5 - (t > 0.85 ? 0.25 * (t - 0.85) / 0.15 : 0);
                    double kappa = Math.min(0.97 * cosTheta[li][l], threshold * Math.exp(q));
                    sigma[li][l] = Math.sqrt(Math.max(0, Math.pow(cosTheta[li][l] / kappa, 2) - 1));
                }
                for (int i = 0; i < items; i++) {
                    difficulty[li][i] = Math.exp(ITEM_SPREAD * (shared[i] + rl.nextGaussian()) / Math.sqrt(2));
                }
            }
        }

        /** 0 at the first layer, 1 at the last. */
        private double depth(int layer) {
            return layers == 1 ? 0.5 : (double) layer / (layers - 1);
        }

        /** The manifest without views: honest about being synthetic, identified by its parameters. */
        Manifest manifest() {
            String parameters = String.format(Locale.ROOT, "babelscope-bench-align/1 seed=%d items=%d layers=%d d=%d languages=%s",
                    seed, items, layers, dim, String.join(",", languages));
            MessageDigest digest = Sha256.newDigest();
            digest.update(parameters.getBytes(StandardCharsets.UTF_8));
            List<Integer> layerNumbers = IntStream.range(0, layers).boxed().toList();
            return Manifest.create(layerNumbers).withDtype(Dtype.F32)
                    .withModel(new Manifest.ModelInfo(null, null, "synthetic", layers, dim))
                    .withCorpus(new Manifest.CorpusInfo("synthetic (babelscope bench align, seed " + seed
                            + "): no model and no text; the sha256 is that of the generator's parameters",
                            Sha256.hex(digest), items));
        }

        /**
         * Writes the store into {@code dir}, or completes one a run with the same parameters left
         * there (other parameters: a clear error). Returns the number of views written.
         */
        int write(Path dir, Listener listener) throws IOException {
            StoreWriter writer = StoreWriter.create(dir, manifest());
            int written = 0;
            for (int li = 0; li < languages.size(); li++) {
                String name = languages.get(li);
                if (writer.hasView(name)) {
                    continue;
                }
                listener.view(name, li + 1, languages.size());
                int lang = li;
                writer.writeView(name, items, dim, slot -> layer(lang, slot));
                written++;
            }
            return written;
        }

        /** Items x dim of one language (0: the pivot) at one layer, rows filled in parallel. */
        FloatMatrix layer(int lang, int layer) {
            FloatMatrix m = FloatMatrix.allocate(items, dim);
            IntStream.range(0, items).parallel().forEach(i -> m.setRow(i, row(lang, layer, i)));
            return m;
        }

        private float[] row(int lang, int layer, int item) {
            SplittableRandom g = random(seed, PIVOT, layer, item);
            double[] z = new double[dim];
            for (int k = 0; k < dim; k++) {
                z[k] = g.nextGaussian() + common[layer][k];
            }
            float[] out = new float[dim];
            if (lang == 0) {
                for (int k = 0; k < dim; k++) {
                    out[k] = (float) (scale[k] * z[k]);
                }
                return out;
            }
            SplittableRandom e = random(seed, NOISE, lang, layer, item);
            double c = cosTheta[lang][layer];
            double s = sinTheta[lang][layer];
            double noise = sigma[lang][layer] * difficulty[lang][item];
            int[] perm = permutation[lang];
            double[] sg = sign[lang];
            double[] off = offset[lang];
            for (int k = 0; k < dim; k++) {
                double y = c * z[k] + s * sg[k] * z[perm[k]] + noise * e.nextGaussian() + off[k];
                out[k] = (float) (scale[k] * y);
            }
            return out;
        }

        private static int[] shuffled(int n, SplittableRandom r) {
            int[] p = new int[n];
            Arrays.setAll(p, i -> i);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }

        /** A generator for one purpose and coordinates, the same on every run and thread. */
        private static SplittableRandom random(long seed, long... keys) {
            long h = mix(seed);
            for (long k : keys) {
                h = mix(h ^ mix(k + 0x632BE59BD9B4E019L));
            }
            return new SplittableRandom(h);
        }

        /** SplitMix64's finaliser. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
