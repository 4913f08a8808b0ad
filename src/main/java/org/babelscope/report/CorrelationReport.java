package org.babelscope.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.babelscope.BadInputException;
import org.babelscope.stats.Accuracy;
import org.babelscope.stats.Auroc;
import org.babelscope.stats.Correlate;
import org.babelscope.stats.Correlations;
import org.babelscope.stats.ItemLevel;
import org.babelscope.stats.LanguageKeys;
import org.babelscope.stats.LanguageLevel;

/**
 * The report directory of {@code correlate}: report.md for a person (tables, the matched and the
 * left-out language keys, the inputs), correlation.json with the same numbers for scripts (NaN as
 * null), and PNG plots referenced from report.md. Written whole or not at all.
 */
public final class CorrelationReport {
    public static final String FORMAT = "babelscope-correlate/1";
    public static final String JSON_FILE = "correlation.json";
    public static final String MARKDOWN_FILE = "report.md";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CorrelationReport() {
    }

    /** Fails (bad input) when {@code dir} exists and is not an earlier correlate report or empty. */
    public static void checkOut(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--out " + dir + " exists and is not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            boolean empty = s.findAny().isEmpty();
            if (!empty && !Files.isRegularFile(dir.resolve(JSON_FILE))) {
                throw new BadInputException("--out " + dir + " exists and is not a correlate report (no " + JSON_FILE
                        + "); choose a new directory");
            }
        } catch (IOException e) {
            throw new BadInputException("--out " + dir + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Renders everything, then writes the directory atomically. Returns a note when plots failed. */
    public static String write(Path dir, Correlate.Outcome o) throws IOException {
        checkOut(dir);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> plots = new LinkedHashMap<>();
        String plotFailure = null;
        try {
            for (LanguageLevel.MetricResult m : o.languageLevel()) {
                String layers = "layers-" + safe(m.metric()) + ".png";
                files.put(layers, CorrelationPlots.perLayer(m.metric(), o.alignment().layers(), m.series()));
                plots.put(m.metric() + "/layers", layers);
                String scatter = "scatter-" + safe(m.metric()) + ".png";
                files.put(scatter, CorrelationPlots.scatter(m.metric(), "mean", m.rows()));
                plots.put(m.metric() + "/scatter", scatter);
            }
        } catch (java.awt.AWTError | java.awt.HeadlessException | UnsatisfiedLinkError | NoClassDefFoundError
                | InternalError e) {
            // No fonts or no AWT in this Java: the numbers still get written, without pictures.
            // (A bug in the plot code is not caught: it fails the command.)
            files.clear();
            plots.clear();
            plotFailure = "plots not drawn: " + e;
        }
        files.put(MARKDOWN_FILE, markdown(o, plots, plotFailure).getBytes(StandardCharsets.UTF_8));
        files.put(JSON_FILE, JSON.writeValueAsBytes(json(o)));
        ResultFiles.writeDirectoryAtomically(dir, files);
        return plotFailure;
    }

    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    // ---------------------------------------------------------------- correlation.json

    public static ObjectNode json(Correlate.Outcome o) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode in = root.putObject("inputs");
        in.put("alignment", o.options().alignment().toAbsolutePath().toString());
        in.put("accuracy", o.options().accuracy().toAbsolutePath().toString());
        in.put("accuracy_format", o.accuracy().kind().label());
        in.put("accuracy_field", o.accuracy().kind() == Accuracy.Kind.PREDICTIONS ? o.accuracy().field() : null);
        in.put("item_scores", o.itemScores().map(s -> s.path().toAbsolutePath().toString()).orElse(null));
        in.put("pivot", o.pivot());
        ArrayNode layers = in.putArray("layers");
        o.alignment().layers().forEach(layers::add);
        ObjectNode map = in.putObject("lang_map");
        if (o.options().langMap() != null) {
            o.options().langMap().forEach(map::put);
        }

        ObjectNode acc = root.putObject("accuracy");
        for (Accuracy.Language l : o.accuracy().languages().values()) {
            ObjectNode a = acc.putObject(l.key());
            JsonNumbers.put(a, "accuracy", l.accuracy());
            if (l.n() >= 0) {
                a.put("n_items", l.n());
            } else {
                a.putNull("n_items");
            }
        }

        ObjectNode ll = root.putObject("language_level");
        for (LanguageLevel.MetricResult m : o.languageLevel()) {
            ObjectNode mo = ll.putObject(m.metric());
            ArrayNode avg = mo.putArray("option_views_averaged");
            m.averagedOptions().forEach(avg::add);
            ArrayNode langs = mo.putArray("languages");
            for (LanguageLevel.Row r : m.rows()) {
                ObjectNode row = langs.addObject();
                row.put("alignment_key", r.alignmentKey());
                row.put("accuracy_key", r.accuracyKey());
                row.put("language", r.language());
                row.put("matched_by", r.via());
                row.put("option_views", r.options());
                JsonNumbers.put(row, "mean", r.mean());
                JsonNumbers.put(row, "max", r.max());
                JsonNumbers.put(row, "accuracy", r.accuracy());
                JsonNumbers.addAll(row.putArray("per_layer"), r.perLayer());
            }
            ObjectNode corr = mo.putObject("correlation");
            for (LanguageLevel.Pooled p : m.pooled().values()) {
                ObjectNode c = corr.putObject(p.pooling());
                c.put("n", p.pearson().n());
                JsonNumbers.put(c, "pearson_r", p.pearson().r());
                JsonNumbers.put(c, "pearson_p", p.pearson().p());
                JsonNumbers.put(c, "spearman_rho", p.spearman().r());
                JsonNumbers.put(c, "spearman_p", p.spearman().p());
                c.put("note", p.pearson().note() != null ? p.pearson().note() : p.spearman().note());
            }
            leftOut(mo.putArray("left_out"), m.excluded());
        }

        ObjectNode il = root.putObject("item_level");
        il.put("status", o.itemLevelSkipped() == null ? "done" : "skipped");
        il.put("reason", o.itemLevelSkipped());
        o.itemLevel().ifPresent(r -> itemJson(il, r, o.itemLayers()));
        return root;
    }

    private static void itemJson(ObjectNode il, ItemLevel.Result r, List<Integer> layers) {
        il.put("layer_metric", r.layerMetric());
        if (r.lStarIndex() >= 0) {
            il.put("l_star", layers.get(r.lStarIndex()));
        } else {
            il.putNull("l_star");
        }
        JsonNumbers.addAll(il.putArray("mean_per_layer"), r.meanPerLayer());
        ArrayNode metrics = il.putArray("metrics");
        r.metrics().forEach(metrics::add);
        ArrayNode binary = il.putArray("binary_metrics");
        r.binary().forEach(binary::add);
        ObjectNode per = il.putObject("per_language");
        for (ItemLevel.LanguageResult l : r.languages()) {
            ObjectNode lo = per.putObject(l.key());
            lo.put("predictions_key", l.predictionsKey());
            lo.put("pivot_key", l.pivotKey());
            lo.put("language", l.language());
            lo.put("matched_by", l.via());
            if (l.lStarIndex() >= 0) {
                lo.put("l_star", layers.get(l.lStarIndex()));
            } else {
                lo.putNull("l_star");
            }
            group(lo, l.group());
        }
        group(il.putObject("pooled"), r.pooled());
        leftOut(il.putArray("left_out"), r.excluded());
    }

    private static void group(ObjectNode o, ItemLevel.Group g) {
        o.put("n_items", g.items());
        o.put("n_joined", g.joined());
        o.put("n_cc", g.cc());
        o.put("n_cw", g.cw());
        ObjectNode delta = o.putObject("delta");
        g.delta().forEach((metric, d) -> {
            ObjectNode m = delta.putObject(metric);
            m.put("n_cc", d.nCc());
            m.put("n_cw", d.nCw());
            JsonNumbers.put(m, "mean_cc", d.meanCc());
            JsonNumbers.put(m, "mean_cw", d.meanCw());
            JsonNumbers.put(m, "delta", d.delta());
            JsonNumbers.put(m, "z", d.test() == null ? Double.NaN : d.test().z());
            JsonNumbers.put(m, "p", d.test() == null ? Double.NaN : d.test().p());
        });
        ObjectNode auroc = o.putObject("auroc");
        g.auroc().forEach((metric, a) -> {
            ObjectNode m = auroc.putObject(metric);
            JsonNumbers.put(m, "auroc", a.auroc());
            m.put("n_correct", a.positives());
            m.put("n_wrong", a.negatives());
        });
    }

    private static void leftOut(ArrayNode out, List<LanguageKeys.LeftOut> list) {
        for (LanguageKeys.LeftOut l : list) {
            ObjectNode o = out.addObject();
            o.put("source", l.source());
            o.put("key", l.key());
            o.put("reason", l.reason());
        }
    }

    // ---------------------------------------------------------------- text

    static String f3(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }

    static String p(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return v != 0 && v < 1e-4 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    /** The language-level table (also printed to stdout). */
    public static String table(Correlate.Outcome o) {
        TextTable t = new TextTable(List.of("metric", "pooling", "n", "pearson_r", "p", "spearman_rho", "p"));
        for (LanguageLevel.MetricResult m : o.languageLevel()) {
            for (LanguageLevel.Pooled pl : m.pooled().values()) {
                t.add(correlationCells(m.metric(), pl));
            }
        }
        return t.render();
    }

    private static List<String> correlationCells(String metric, LanguageLevel.Pooled pl) {
        Correlations.Result pe = pl.pearson();
        Correlations.Result sp = pl.spearman();
        if (pe.note() != null && pe.n() < Correlations.MIN_N) {
            return List.of(metric, pl.pooling(), String.valueOf(pe.n()), pe.note(), "", "", "");
        }
        return List.of(metric, pl.pooling(), String.valueOf(pe.n()),
                pe.note() != null ? pe.note() : f3(pe.r()), p(pe.p()),
                sp.note() != null ? sp.note() : f3(sp.r()), p(sp.p()));
    }

    public static String markdown(Correlate.Outcome o, Map<String, String> plots, String plotFailure) {
        StringBuilder md = new StringBuilder();
        md.append("# babelscope correlate\n\n");
        md.append("Does alignment predict task accuracy, across languages and per item?\n\n");
        md.append("## Inputs\n\n");
        md.append("- alignment: `").append(o.options().alignment().toAbsolutePath()).append("` (pivot ")
                .append(o.pivot() == null ? "not named" : "`" + o.pivot() + "`").append(", layers ")
                .append(LayerSpan.describe(o.alignment().layers()))
                .append(o.alignment().layersGiven() ? "" : " (positions: results.json has no layers)").append(")\n");
        md.append("- accuracy: `").append(o.options().accuracy().toAbsolutePath()).append("` (")
                .append(o.accuracy().kind().label());
        if (o.accuracy().kind() == Accuracy.Kind.PREDICTIONS) {
            md.append(", field `").append(o.accuracy().field()).append("`; ").append(o.accuracy().uncounted())
                    .append(" line(s) without a true/false value not counted");
        }
        md.append(")\n");
        md.append("- item scores: ").append(o.itemScores().map(s -> "`" + s.path().toAbsolutePath() + "`").orElse("none")).append('\n');
        if (o.options().langMap() != null && !o.options().langMap().isEmpty()) {
            md.append("- --lang-map: ").append(o.options().langMap()).append('\n');
        }
        md.append('\n');

        md.append("## Language level\n\n");
        md.append("Each language's per-layer series pooled over layers by mean and by max, against its accuracy, "
                + "over the languages present in both inputs (pivot keys and `eng-*` keys excluded). "
                + "Pearson's p is the t test with n − 2 degrees of freedom; Spearman's ρ is Pearson's r of the "
                + "average ranks and its p-value the same t approximation on the ranks (as `scipy.stats.spearmanr`), "
                + "not an exact permutation test. Fewer than 3 languages: n/a.\n\n");
        md.append("| metric | pooling | n | Pearson r | p | Spearman ρ | p |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (LanguageLevel.MetricResult m : o.languageLevel()) {
            for (LanguageLevel.Pooled pl : m.pooled().values()) {
                md.append("| ").append(String.join(" | ", correlationCells(m.metric(), pl))).append(" |\n");
            }
        }
        md.append('\n');
        if (plotFailure != null) {
            md.append("*").append(plotFailure).append("*\n\n");
        }
        for (LanguageLevel.MetricResult m : o.languageLevel()) {
            md.append("### ").append(m.metric()).append("\n\n");
            if (!m.averagedOptions().isEmpty()) {
                md.append("Option views averaged per layer into their language (mean and max then taken over the averaged series): ")
                        .append(String.join(", ", m.averagedOptions())).append(".\n\n");
            }
            md.append("| alignment key | accuracy key | language | matched by | mean | max | accuracy |\n|---|---|---|---|---:|---:|---:|\n");
            for (LanguageLevel.Row r : m.rows()) {
                md.append("| ").append(String.join(" | ", r.alignmentKey(), r.accuracyKey(), r.language(), r.via(),
                        f3(r.mean()), f3(r.max()), f3(r.accuracy()))).append(" |\n");
            }
            md.append('\n');
            if (plots.containsKey(m.metric() + "/layers")) {
                md.append("![").append(m.metric()).append(" per layer](").append(plots.get(m.metric() + "/layers")).append(")\n\n");
                md.append("![").append(m.metric()).append(" vs accuracy](").append(plots.get(m.metric() + "/scatter")).append(")\n\n");
            }
        }

        md.append("## Item level\n\n");
        if (o.itemLevelSkipped() != null) {
            md.append("Not computed: ").append(o.itemLevelSkipped()).append(".\n\n");
        }
        o.itemLevel().filter(r -> o.itemLevelSkipped() == null).ifPresent(r -> itemMarkdown(md, r, o.itemLayers()));

        md.append("## Language keys\n\n");
        md.append("Keys are matched exactly, then by `--lang-map`, then by ISO 639-3 code (FLORES `deu_Latn`, ISO 639-1 `de` "
                + "through java.util.Locale, English names such as `german`, and a table of macro-languages: "
                + "cmn→zho, arb→ara, swh→swa, cn→zho, …). `eng-L` keys are the English side of L (pivots).\n\n");
        md.append("| metric | alignment key | accuracy key | language | matched by |\n|---|---|---|---|---|\n");
        for (LanguageLevel.MetricResult m : o.languageLevel()) {
            for (LanguageLevel.Row r : m.rows()) {
                md.append("| ").append(String.join(" | ", m.metric(), r.alignmentKey(), r.accuracyKey(), r.language(), r.via())).append(" |\n");
            }
        }
        md.append("\n### Left out\n\n");
        Map<String, Set<String>> reasons = new LinkedHashMap<>();
        for (LanguageLevel.MetricResult m : o.languageLevel()) {
            for (LanguageKeys.LeftOut l : m.excluded()) {
                reasons.computeIfAbsent(l.source() + " | `" + l.key() + "` | " + l.reason(), k -> new LinkedHashSet<>()).add(m.metric());
            }
        }
        o.itemLevel().ifPresent(r -> r.excluded().forEach(l ->
                reasons.computeIfAbsent(l.source() + " | `" + l.key() + "` | " + l.reason(), k -> new LinkedHashSet<>()).add("item level")));
        if (reasons.isEmpty()) {
            md.append("Nothing.\n");
        } else {
            md.append("| source | key | reason | where |\n|---|---|---|---|\n");
            reasons.forEach((k, where) -> md.append("| ").append(k).append(" | ").append(String.join(", ", where)).append(" |\n"));
        }
        return md.toString();
    }

    private static void itemMarkdown(StringBuilder md, ItemLevel.Result r, List<Integer> layers) {
        md.append("l* = layer ").append(layers.get(r.lStarIndex())).append(", the layer with the highest mean ")
                .append(r.layerMetric()).append(" over all languages' items (mean ").append(f3(r.meanPerLayer()[r.lStarIndex()]))
                .append("). CC = items right in the pivot and in L, CW = right in the pivot, wrong in L; "
                        + "Δ = mean score(CC) − mean score(CW) at l*, with the one-sided two-proportion z-test "
                        + "(H1: the score's rate is higher in CC; pooled proportion; p = 1 − Φ(z)) for the 0/1 scores ")
                .append(r.binary().isEmpty() ? "(none here)" : String.join(", ", r.binary()))
                .append(". AUROC: the score at l* as a predictor of correctness in L over all of L's items with gold "
                        + "(Mann–Whitney, ties counted half).\n\n");
        List<String> metrics = r.metrics();
        StringBuilder head = new StringBuilder("| language | predictions | pivot | own l* | items | CC | CW |");
        StringBuilder rule = new StringBuilder("|---|---|---|---:|---:|---:|---:|");
        for (String m : metrics) {
            head.append(" Δ ").append(m).append(" |");
            rule.append("---:|");
            if (r.binary().contains(m)) {
                head.append(" z | p |");
                rule.append("---:|---:|");
            }
        }
        for (String m : metrics) {
            head.append(" AUROC ").append(m).append(" |");
            rule.append("---:|");
        }
        md.append(head).append('\n').append(rule).append('\n');
        for (ItemLevel.LanguageResult l : r.languages()) {
            md.append("| ").append(l.key()).append(" | ").append(l.predictionsKey()).append(" | ").append(l.pivotKey())
                    .append(" | ").append(l.lStarIndex() >= 0 ? String.valueOf(layers.get(l.lStarIndex())) : "n/a");
            groupCells(md, l.group(), r);
        }
        md.append("| **pooled** | | | ");
        groupCells(md, r.pooled(), r);
        md.append('\n');
    }

    private static void groupCells(StringBuilder md, ItemLevel.Group g, ItemLevel.Result r) {
        md.append(" | ").append(g.items()).append(" | ").append(g.cc()).append(" | ").append(g.cw()).append(" |");
        for (String m : r.metrics()) {
            ItemLevel.Delta d = g.delta().get(m);
            md.append(' ').append(f3(d.delta())).append(" |");
            if (r.binary().contains(m)) {
                md.append(' ').append(d.test() == null ? "n/a" : f3(d.test().z())).append(" | ")
                        .append(d.test() == null ? "n/a" : p(d.test().p())).append(" |");
            }
        }
        for (String m : r.metrics()) {
            Auroc.Result a = g.auroc().get(m);
            md.append(' ').append(f3(a.auroc())).append(" |");
        }
        md.append('\n');
    }

    /** A few lines for stdout about the item level. */
    public static String itemSummary(Correlate.Outcome o) {
        if (o.itemLevelSkipped() != null || o.itemLevel().isEmpty()) {
            return "item level: not computed (" + o.itemLevelSkipped() + ")\n";
        }
        ItemLevel.Result r = o.itemLevel().get();
        List<String> header = new ArrayList<>(List.of("language", "CC", "CW"));
        for (String m : r.metrics()) {
            header.add("delta_" + m);
            if (r.binary().contains(m)) {
                header.add("p_" + m);
            }
            header.add("auroc_" + m);
        }
        TextTable t = new TextTable(header);
        List<ItemLevel.LanguageResult> rows = new ArrayList<>(r.languages());
        for (int i = 0; i <= rows.size(); i++) {
            ItemLevel.Group g = i < rows.size() ? rows.get(i).group() : r.pooled();
            List<String> cells = new ArrayList<>(List.of(i < rows.size() ? rows.get(i).key() : "(pooled)",
                    String.valueOf(g.cc()), String.valueOf(g.cw())));
            for (String m : r.metrics()) {
                ItemLevel.Delta d = g.delta().get(m);
                cells.add(f3(d.delta()));
                if (r.binary().contains(m)) {
                    cells.add(d.test() == null ? "n/a" : p(d.test().p()));
                }
                cells.add(f3(g.auroc().get(m).auroc()));
            }
            t.add(cells);
        }
        return "item level at l* = layer " + o.itemLayers().get(r.lStarIndex()) + " (highest mean " + r.layerMetric() + ")\n" + t.render();
    }
}
