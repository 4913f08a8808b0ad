package org.babelscope.lift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.babelscope.metrics.Metric;
import org.babelscope.report.CorrelationPlots;
import org.babelscope.report.JsonNumbers;
import org.babelscope.report.TextTable;
import org.babelscope.stats.LanguageLevel;
import org.babelscope.tiers.ResourceTiers;
import org.babelscope.tiers.Tier;
import org.babelscope.tiers.TierAverages;

/**
 * lift report's files: per language and layer, cosine, MEXA and P@1 on the held-out items before
 * and after the map, the layer where MEXA gains most; by resource tier, the macro average per
 * layer before and after and the gap to the pivot (which scores 1 with itself on all three), and
 * the languages that gain most. Plots: MEXA per layer by tier, before against after per language.
 */
public final class LiftReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MOVERS = 5;

    private final LiftFiles.Summary lift;
    private final Map<String, LiftEvaluation.LanguageResult> results;

    public LiftReport(LiftFiles.Summary lift, Map<String, LiftEvaluation.LanguageResult> results) {
        this.lift = lift;
        this.results = results;
    }

    /** report.json, report.md and the PNG plots, by file name. */
    public Map<String, byte[]> files(boolean byTier) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("report.json", JSON.writeValueAsBytes(toJson(byTier)));
        files.put("report.md", markdown(byTier).getBytes(StandardCharsets.UTF_8));
        List<String> labels = new ArrayList<>(results.keySet());
        double[] before = new double[labels.size()];
        double[] after = new double[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            LiftEvaluation.LanguageResult r = results.get(labels.get(i));
            int s = r.bestGainSlot();
            before[i] = r.before().get(Metric.MEXA)[s];
            after[i] = r.after().get(Metric.MEXA)[s];
        }
        files.put("mexa-before-after.png", CorrelationPlots.beforeAfter(
                "MEXA on held-out items, at each language's best layer", "MEXA", labels, before, after));
        if (byTier) {
            Map<String, double[]> series = new LinkedHashMap<>();
            tiers(Metric.MEXA, true).forEach((t, g) -> series.put(t.cliName() + " before", g.mean()));
            tiers(Metric.MEXA, false).forEach((t, g) -> series.put(t.cliName() + " after", g.mean()));
            files.put("mexa-by-tier.png", CorrelationPlots.perLayer(
                    "MEXA of held-out items by resource tier, before and after the maps", "MEXA", lift.layers(), series));
        }
        return files;
    }

    private Map<Tier, TierAverages.Group> tiers(Metric m, boolean before) {
        Map<String, double[]> perLanguage = new LinkedHashMap<>();
        results.forEach((lang, r) -> perLanguage.put(lang, (before ? r.before() : r.after()).get(m)));
        return TierAverages.of(perLanguage);
    }

    ObjectNode toJson(boolean byTier) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "babelscope-lift-report/1");
        root.put("pivot", lift.pivot());
        root.put("method", lift.method().cliName());
        root.put("held_out_items", lift.split().test().length);
        root.set("layers", JSON.valueToTree(lift.layers()));
        ObjectNode per = root.putObject("per_language");
        results.forEach((lang, r) -> {
            ObjectNode o = per.putObject(lang);
            o.put("tier", ResourceTiers.of(lang).map(Tier::cliName).orElse(null));
            ResourceTiers.joshiClass(lang).ifPresent(c -> o.put("joshi_class", c));
            for (Metric m : LiftEvaluation.METRICS) {
                ObjectNode mo = o.putObject(m.key());
                JsonNumbers.addAll(mo.putArray("before"), r.before().get(m));
                JsonNumbers.addAll(mo.putArray("after"), r.after().get(m));
            }
            int s = r.bestGainSlot();
            o.put("best_gain_layer", lift.layers().get(s));
            JsonNumbers.put(o, "mexa_gain", r.after().get(Metric.MEXA)[s] - r.before().get(Metric.MEXA)[s]);
            JsonNumbers.addAll(o.putArray("fit_seconds"), lift.fitSeconds().getOrDefault(lang, new double[0]));
        });
        if (byTier) {
            ObjectNode tiers = root.putObject("by_tier");
            for (Metric m : LiftEvaluation.METRICS) {
                Map<Tier, TierAverages.Group> before = tiers(m, true);
                Map<Tier, TierAverages.Group> after = tiers(m, false);
                ObjectNode mo = tiers.putObject(m.key());
                before.forEach((t, g) -> {
                    ObjectNode to = mo.putObject(t.cliName());
                    to.set("languages", JSON.valueToTree(g.languages()));
                    JsonNumbers.addAll(to.putArray("before"), g.mean());
                    JsonNumbers.addAll(to.putArray("after"), after.get(t).mean());
                    JsonNumbers.put(to, "gap_to_pivot_before", 1 - LanguageLevel.mean(g.mean()));
                    JsonNumbers.put(to, "gap_to_pivot_after", 1 - LanguageLevel.mean(after.get(t).mean()));
                });
            }
            tiers.set("untiered", JSON.valueToTree(TierAverages.untiered(results.keySet())));
            tiers.set("most_gained", JSON.valueToTree(movers()));
        }
        return root;
    }

    /** Languages by MEXA gain at their best layer, largest first. */
    List<String> movers() {
        List<String> langs = new ArrayList<>(results.keySet());
        langs.sort(Comparator.comparingDouble((String l) -> {
            LiftEvaluation.LanguageResult r = results.get(l);
            int s = r.bestGainSlot();
            return r.after().get(Metric.MEXA)[s] - r.before().get(Metric.MEXA)[s];
        }).reversed());
        return langs.subList(0, Math.min(MOVERS, langs.size()));
    }

    /** Per language at its best layer: the three metrics before → after. */
    public String table() {
        TextTable t = new TextTable(List.of("lang", "tier", "best layer", "cos", "mexa", "p@1"));
        results.forEach((lang, r) -> {
            int s = r.bestGainSlot();
            t.add(List.of(lang, ResourceTiers.of(lang).map(Tier::cliName).orElse("-"),
                    String.valueOf(lift.layers().get(s)), pair(r, Metric.COS, s), pair(r, Metric.MEXA, s),
                    pair(r, Metric.RETRIEVAL, s)));
        });
        return t.render();
    }

    /** Per tier: the mean over layers of each metric, before → after, and the gap to the pivot. */
    public String tierTable() {
        TextTable t = new TextTable(List.of("tier", "languages", "cos", "mexa", "p@1", "mexa gap to pivot"));
        Map<Metric, Map<Tier, TierAverages.Group>> before = new LinkedHashMap<>();
        Map<Metric, Map<Tier, TierAverages.Group>> after = new LinkedHashMap<>();
        for (Metric m : LiftEvaluation.METRICS) {
            before.put(m, tiers(m, true));
            after.put(m, tiers(m, false));
        }
        for (Tier tier : before.get(Metric.MEXA).keySet()) {
            List<String> row = new ArrayList<>(List.of(tier.cliName(),
                    String.valueOf(before.get(Metric.MEXA).get(tier).languages().size())));
            for (Metric m : LiftEvaluation.METRICS) {
                row.add(fmt(overLayers(before, m, tier)) + " → " + fmt(overLayers(after, m, tier)));
            }
            row.add(fmt(1 - overLayers(before, Metric.MEXA, tier)) + " → " + fmt(1 - overLayers(after, Metric.MEXA, tier)));
            t.add(row);
        }
        return t.render();
    }

    private static double overLayers(Map<Metric, Map<Tier, TierAverages.Group>> groups, Metric m, Tier tier) {
        return LanguageLevel.mean(groups.get(m).get(tier).mean());
    }

    String markdown(boolean byTier) {
        StringBuilder md = new StringBuilder("# LinguaLIFT: alignment before and after the maps\n\n");
        md.append(String.format(Locale.ROOT, "Pivot %s, %s maps, %d held-out items (never used in the fit), layers %s."
                + " Cells read before → after, at each language's layer of largest MEXA gain.%n%n", lift.pivot(),
                lift.method().cliName(), lift.split().test().length, lift.layers()));
        md.append("```\n").append(table()).append("```\n");
        if (byTier) {
            md.append("\n## By resource tier\n\nMacro average over the tier's languages and over layers; the gap to the"
                    + " pivot is 1 − MEXA (the pivot matches itself). Tiers: Joshi et al. (2020) classes 5–4 high,"
                    + " 3 medium, 2–0 low.\n\n```\n").append(tierTable()).append("```\n");
            md.append("\nMost gained (MEXA): ").append(String.join(", ", movers())).append('\n');
            List<String> untiered = TierAverages.untiered(results.keySet());
            if (!untiered.isEmpty()) {
                md.append("\nWithout a tier: ").append(String.join(", ", untiered)).append('\n');
            }
        }
        return md.toString();
    }

    private static String pair(LiftEvaluation.LanguageResult r, Metric m, int s) {
        return fmt(r.before().get(m)[s]) + " → " + fmt(r.after().get(m)[s]);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
