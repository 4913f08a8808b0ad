package org.babelscope.metrics;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.babelscope.BadInputException;

/**
 * The parallel-corpus alignment metrics, by the names the command line and results.json use.
 * {@code retrieval} is requested as one metric but reports four series: P@1 by cosine from the
 * pivot to the language ({@code retrieval}) and back ({@code retrieval_rev}), and P@1 by the
 * ratio margin ({@code margin}, {@code margin_rev}).
 */
public enum Metric {
    COS("cos", "mean cosine of the aligned pairs"),
    MEXA("mexa", "share of pairs that beat every other candidate in both directions"),
    RETRIEVAL("retrieval", "P@1 by cosine, pivot to language"),
    RETRIEVAL_REV("retrieval_rev", "P@1 by cosine, language to pivot"),
    MARGIN("margin", "P@1 by ratio margin over k neighbours, pivot to language"),
    MARGIN_REV("margin_rev", "P@1 by ratio margin over k neighbours, language to pivot"),
    DALI("dali", "share of task items whose every matched option pair beats every mismatched pair"),
    DALI_S("dali_s", "DALI where matched pairs must also beat same-language option pairs"),
    MEXA_T("mexa_t", "MEXA over the task's items, averaged over the option views");

    private final String key;
    private final String description;

    Metric(String key, String description) {
        this.key = key;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** The metric names a user may request with --metrics. */
    public static final List<String> REQUESTABLE = List.of("cos", "mexa", "retrieval", "dali", "dali_s", "mexa_t");

    /**
     * True for the multiple-choice task metrics: they read K option views per language
     * ({@code <lang>.opt<k>}) and report per language, not per view.
     */
    public boolean isTaskMetric() {
        return this == DALI || this == DALI_S || this == MEXA_T;
    }

    /** Parses "cos,mexa,retrieval" into the series to compute, in a fixed order. */
    public static Set<Metric> parse(String csv) {
        Set<Metric> out = EnumSet.noneOf(Metric.class);
        Set<String> unknown = new LinkedHashSet<>();
        for (String raw : csv.split(",")) {
            String name = raw.trim();
            switch (name) {
                case "cos" -> out.add(COS);
                case "mexa" -> out.add(MEXA);
                case "retrieval" -> out.addAll(List.of(RETRIEVAL, RETRIEVAL_REV, MARGIN, MARGIN_REV));
                case "dali" -> out.add(DALI);
                case "dali_s" -> out.add(DALI_S);
                case "mexa_t" -> out.add(MEXA_T);
                case "" -> { }
                default -> unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadInputException("unknown metric " + String.join(", ", unknown)
                    + "; available: " + String.join(", ", REQUESTABLE));
        }
        if (out.isEmpty()) {
            throw new BadInputException("no metric requested; available: " + String.join(", ", REQUESTABLE));
        }
        return out;
    }

    public static List<String> keys(Set<Metric> metrics) {
        List<String> keys = new ArrayList<>();
        for (Metric m : metrics) {
            keys.add(m.key);
        }
        return keys;
    }
}
