package org.babelscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.compute.BackendUnavailableException;
import org.babelscope.compute.Backends;
import org.babelscope.bench.KernelBench;
import org.babelscope.bench.SyntheticStore;
import org.babelscope.bench.TieCheck;
import org.babelscope.compute.Kernels;
import org.babelscope.compute.Precision;
import org.babelscope.report.ResultFiles;
import org.babelscope.report.TextTable;
import org.babelscope.store.EmbeddingStore;
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
                "tf32 the differences are counted and reported (near-ties may flip), not a failure. A",
                "differing MEXA or P@1 value is recomputed in double precision to show whether as many items",
                "lay at near-ties as flipped (rounding) or not (a bug).",
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
            description = "CPU threads for the kernels (default: all cores; at most 4 x the cores).")
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
    record Planned(String backend, String label, Precision precision, Optional<String> unavailable) {
    }

    /** One finished run. */
    record Ran(Planned plan, double seconds, Path results, JsonNode json) {
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
        BackendOptions.requireValid(threads, tileMb);
        if (backends == null || backends.isEmpty() || backends.stream().allMatch(String::isBlank)) {
            throw new BadInputException("--backends names no backend; choose from cpu, cuda, auto");
        }
        for (String b : backends) {
            if (!b.isBlank() && !List.of("cpu", "cuda", "auto").contains(b.trim())) {
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
        Optional<String> cuda = null;
        for (String raw : backends) {
            String b = raw.trim();
            if (b.isEmpty()) {
                continue;
            }
            int n = seen.merge(b, 1, Integer::sum);
            String label = n == 1 ? b : b + "-" + n;
            if (b.equals("cuda") && cuda == null) {
                cuda = cudaUnavailable(gemm);
            }
            plan.add(new Planned(b, label, b.equals("cpu") ? Precision.FP32 : gemm,
                    b.equals("cuda") ? cuda : Optional.empty()));
        }
        return plan;
    }

    /**
     * Why CUDA cannot run here, found before the store is written: the probe, then an open and
     * close of the backend itself (a device can be listed and still unusable).
     */
    private static Optional<String> cudaUnavailable(Precision gemm) {
        Optional<String> why = Backends.cudaUnavailableReason();
        if (why.isPresent()) {
            return why;
        }
        try (Kernels k = Backends.cuda(0, gemm)) {
            return Optional.empty();
        } catch (BackendUnavailableException e) {
            return Optional.of(e.getMessage());
        }
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
        List<String> skipped = new ArrayList<>();
        for (Planned p : plan) {
            if (p.unavailable().isPresent()) {
                timing.add(List.of(p.label(), "", "skipped (below)", "", "", ""));
                skipped.add(p.label() + " skipped: " + p.unavailable().get());
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
        skipped.stream().distinct().forEach(out::println);
        out.println();
        out.println(spread(ran.get(0).json()));
        if (ran.size() < 2) {
            out.println("one backend ran: nothing to compare");
            out.flush();
            return Cli.OK;
        }
        int code = compareAll(ran, storeDir, out, err);
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
    static String spread(JsonNode json) {
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
                    v.get(0), KernelBench.median(v.stream().mapToDouble(Double::doubleValue).toArray()), v.get(v.size() - 1),
                    extremes, v.size()));
        }
        return sb.toString();
    }

    /** Compares every run with the first; prints the table and the verdict; returns the exit code. */
    int compareAll(List<Ran> ran, Path storeDir, PrintWriter out, PrintWriter err) throws IOException {
        Ran reference = ran.get(0);
        TextTable table = new TextTable(List.of("compared", "metric", "rule", "values", "differ", "items flipped",
                "largest |diff|", "where"));
        List<String> strictProblems = new ArrayList<>();
        List<String> lenientProblems = new ArrayList<>();
        List<Flip> flips = new ArrayList<>();
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
            c.cells().forEach(cell -> flips.add(new Flip(pair, lenient, cell)));
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
        String ties = flips.isEmpty() ? "" : "; " + diagnose(flips, storeDir, out, err);
        List<String> all = new ArrayList<>(strictProblems);
        all.addAll(lenientProblems);
        if (strictProblems.isEmpty()) {
            out.println("backends DIFFER: " + String.join("; ", all) + ties
                    + " (tf32 rounds similarities at ~1e-3, so near-ties can flip: reported, not a failure)");
            return Cli.OK;
        }
        out.println("backends DIFFER: " + String.join("; ", all) + ties);
        return Cli.FAILURE;
    }

    /** A MEXA or P@1 value that differs between two runs. */
    private record Flip(String pair, boolean tf32, Cell cell) {
    }

    /** At most this many differing values get the (double-precision, n x n x d) near-tie check. */
    private static final int DIAGNOSED = 12;

    /**
     * Whether the differing values are near-ties: per value, in double precision, how many items
     * were decided by less than the arithmetic's rounding (1e-5 in fp32, 5e-3 in tf32) against the
     * number that flipped. Prints a table; returns a clause for the verdict.
     */
    private String diagnose(List<Flip> flips, Path storeDir, PrintWriter out, PrintWriter err) throws IOException {
        if ((long) items * items > 16_000_000L) {
            return "not checked for near-ties (over 4000 items)";
        }
        err.printf(Locale.ROOT, "checking %d differing values for near-ties in double precision ...%n",
                Math.min(DIAGNOSED, flips.size()));
        TextTable table = new TextTable(List.of("compared", "metric", "where", "items flipped", "items near a tie",
                "tie window", "smallest |gap|"));
        Map<String, TieCheck.Gaps> cache = new LinkedHashMap<>();
        int explained = 0;
        int checked = 0;
        try (EmbeddingStore store = EmbeddingStore.open(storeDir)) {
            for (Flip f : flips.subList(0, Math.min(DIAGNOSED, flips.size()))) {
                Cell c = f.cell();
                String key = c.language() + "@" + c.layerIndex();
                TieCheck.Gaps g = cache.get(key);
                if (g == null) {
                    g = TieCheck.gaps(store.view(LANGUAGES.get(0)).layer(c.layerIndex()),
                            store.view(c.language()).layer(c.layerIndex()), 4);
                    cache.put(key, g);
                }
                double[] gaps = g.of(c.metric());
                double window = f.tf32() ? 5e-3 : 1e-5;
                long near = Arrays.stream(gaps).filter(x -> Math.abs(x) < window).count();
                double smallest = Arrays.stream(gaps).map(Math::abs).min().orElse(Double.NaN);
                checked++;
                explained += near >= c.itemsFlipped() ? 1 : 0;
                table.add(List.of(f.pair(), c.metric(), c.language() + "@L" + c.layerNumber(),
                        String.valueOf(c.itemsFlipped()), String.valueOf(near), format(window), format(smallest)));
            }
        }
        out.println("near-ties of the differing values, recomputed in double precision (gap: how far an item's");
        out.println("decision was from a tie, in cosine or ratio-margin units):");
        out.print(table.render());
        out.println();
        String rest = flips.size() > checked ? String.format(Locale.ROOT, " (%d more not checked)", flips.size() - checked) : "";
        return explained == checked
                ? String.format(Locale.ROOT, "all %d checked values flipped only as many items as lie at near-ties%s", checked, rest)
                : String.format(Locale.ROOT, "%d of %d checked values flipped more items than lie at near-ties: not"
                        + " rounding%s", checked - explained, checked, rest);
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

    /** One differing MEXA or P@1 value: where, and how many items its difference is worth. */
    record Cell(String metric, String language, int layerIndex, String layerNumber, long itemsFlipped) {
    }

    /**
     * Per-metric differences, the differing MEXA/P@1 values, and what does not line up at all
     * (layers, languages, metrics).
     */
    record Comparison(List<MetricDiff> metrics, List<Cell> cells, List<String> structure) {
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
        List<Cell> cells = new ArrayList<>();
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
                    String layer = layerNumbers.path(i).asText(String.valueOf(i));
                    if (differs) {
                        differing++;
                        if (exact && Double.isFinite(diff)) {
                            flipped += Math.round(diff * n);
                            cells.add(new Cell(metric, lang, i, layer, Math.round(diff * n)));
                        }
                    }
                    if (diff > largest || (differs && where.isEmpty())) {
                        largest = Math.max(largest, diff);
                        where = lang + "@L" + layer;
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
        return new Comparison(out, cells, structure);
    }
}
