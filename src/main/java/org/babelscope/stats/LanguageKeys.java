package org.babelscope.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches the language keys of two inputs that name languages differently: an eval on MGSM says
 * {@code de}, a FLORES store {@code deu_Latn}, XStoryCloze {@code german}.
 *
 * <p>Exact keys match first; then {@code --lang-map KEY=LANG} overrides (KEY, in either input,
 * stands for LANG); then both sides are brought to an ISO 639-3 code ({@link #canonical}) and keys
 * with the same code match, provided the code names one key on each side (two keys on one side
 * with the same code are ambiguous and left out, never guessed). Keys with the prefix
 * {@code eng-} are the English side of a language (pivots), not languages: callers exclude them
 * with {@link #pivotPartner}.
 */
public final class LanguageKeys {
    public static final String PIVOT_PREFIX = "eng-";

    /**
     * Codes whose data sets disagree on the level of the language: individual languages mapped
     * to their ISO 639-3 macro-language (FLORES-200 uses the individual codes, most task sets the
     * macro-language), and codes that are not ISO 639 but occur in task data.
     */
    public static final Map<String, String> QUIRKS = quirks();

    /** English names that Java's locale data does not use. */
    private static final Map<String, String> EXTRA_NAMES = Map.of(
            "mandarin", "zho", "farsi", "fas", "haitian", "hat", "filipino", "fil", "tagalog", "tgl");

    private static final Pattern SCRIPT_OR_REGION = Pattern.compile("^([a-z]{2,3})[_-](?:[a-z]{4}|[a-z]{2}|\\d{3})$");
    private static final Pattern OPTION_VIEW = Pattern.compile("^(.+)\\.opt(\\d+)$");
    private static final Map<String, String> NAMES = englishNames();
    private static final Set<String> ISO1 = Set.of(Locale.getISOLanguages());

    private final Map<String, String> overrides;

    /** @param overrides {@code --lang-map}: key (either input) → the language it stands for */
    public LanguageKeys(Map<String, String> overrides) {
        this.overrides = new HashMap<>();
        overrides.forEach((k, v) -> this.overrides.put(k.trim(), v.trim()));
    }

    public LanguageKeys() {
        this(Map.of());
    }

    private static Map<String, String> quirks() {
        Map<String, String> q = new TreeMap<>();
        // not ISO 639-1, but seen for Chinese and Japanese (country codes used as language codes)
        q.put("cn", "zho");
        q.put("jp", "jpn");
        // individual language -> macro-language
        q.put("cmn", "zho"); // Mandarin -> Chinese
        q.put("arb", "ara"); // Standard Arabic -> Arabic
        q.put("swh", "swa"); // Swahili (individual) -> Swahili
        q.put("zsm", "msa"); // Standard Malay -> Malay
        q.put("pes", "fas"); // Iranian Persian -> Persian
        q.put("ekk", "est"); // Standard Estonian -> Estonian
        q.put("lvs", "lav"); // Standard Latvian -> Latvian
        q.put("npi", "nep"); // Nepali (individual) -> Nepali
        q.put("ory", "ori"); // Odia -> Oriya
        q.put("azj", "aze"); // North Azerbaijani -> Azerbaijani
        q.put("uzn", "uzb"); // Northern Uzbek -> Uzbek
        q.put("khk", "mon"); // Halh Mongolian -> Mongolian
        q.put("plt", "mlg"); // Plateau Malagasy -> Malagasy
        q.put("gaz", "orm"); // West Central Oromo -> Oromo
        q.put("als", "sqi"); // Tosk Albanian -> Albanian
        q.put("ydd", "yid"); // Eastern Yiddish -> Yiddish
        q.put("pbt", "pus"); // Southern Pashto -> Pashto
        q.put("quy", "que"); // Ayacucho Quechua -> Quechua
        return Map.copyOf(q);
    }

    private static Map<String, String> englishNames() {
        Map<String, String> names = new HashMap<>(EXTRA_NAMES);
        for (String iso1 : Locale.getISOLanguages()) {
            Locale l = new Locale(iso1);
            String name = l.getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
            String iso3 = iso3(iso1);
            if (iso3 != null && !name.isEmpty() && !name.equals(iso1)) {
                names.putIfAbsent(name, iso3);
            }
        }
        return Map.copyOf(names);
    }

    private static String iso3(String iso1) {
        try {
            String s = new Locale(iso1).getISO3Language();
            return s == null || s.isEmpty() ? null : s;
        } catch (MissingResourceException e) {
            return null;
        }
    }

    /** "it" for "eng-it": the language whose English side (pivot) the key is; empty for other keys. */
    public static Optional<String> pivotPartner(String key) {
        String k = key.trim();
        if (k.length() > PIVOT_PREFIX.length() && k.regionMatches(true, 0, PIVOT_PREFIX, 0, PIVOT_PREFIX.length())) {
            return Optional.of(k.substring(PIVOT_PREFIX.length()));
        }
        return Optional.empty();
    }

    /** "it" for the option view "it.opt2"; the key itself for other keys. */
    public static String optionBase(String key) {
        Matcher m = OPTION_VIEW.matcher(key);
        return m.matches() ? m.group(1) : key;
    }

    public static boolean isOptionView(String key) {
        return OPTION_VIEW.matcher(key).matches();
    }

    /**
     * The keys among {@code candidates} that name the same language as {@code key} by ISO 639-3
     * code ({@link #canonical}), in their order; empty when {@code key} cannot be read. Callers
     * decide what several matches mean.
     */
    public static List<String> sameLanguage(String key, Collection<String> candidates) {
        Optional<String> code = canonical(key);
        List<String> out = new ArrayList<>();
        if (code.isPresent()) {
            for (String c : candidates) {
                if (canonical(c).equals(code)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * The ISO 639-3 code of a language key, with {@link #QUIRKS} applied: {@code deu_Latn} → deu,
     * {@code de} → deu, {@code german} → deu, {@code zho_Hans}, {@code cn}, {@code cmn} → zho.
     * Empty for keys it cannot read, and for {@code eng-} (pivot) keys.
     */
    public static Optional<String> canonical(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.isEmpty() || pivotPartner(k).isPresent()) {
            return Optional.empty();
        }
        String code = code(k);
        if (code == null) {
            return Optional.empty();
        }
        return Optional.of(QUIRKS.getOrDefault(code, code));
    }

    private static String code(String k) {
        if (QUIRKS.containsKey(k)) {
            return QUIRKS.get(k);
        }
        Matcher m = SCRIPT_OR_REGION.matcher(k);
        if (m.matches()) {
            k = m.group(1);
        }
        if (k.matches("[a-z]{2}")) {
            return QUIRKS.containsKey(k) ? QUIRKS.get(k) : ISO1.contains(k) ? iso3(k) : null;
        }
        if (k.matches("[a-z]{3}")) {
            return k;
        }
        String name = k.replace('_', ' ').replace('-', ' ').replaceAll("\\s+", " ");
        return NAMES.get(name);
    }

    /** The language a key stands for: its --lang-map target's code, else its own code. */
    public Optional<String> language(String key) {
        String target = overrides.get(key.trim());
        if (target != null) {
            Optional<String> c = canonical(target);
            return Optional.of(c.orElse(target.toLowerCase(Locale.ROOT)));
        }
        return canonical(key);
    }

    /** One matched pair; {@code via} says how ("exact", "--lang-map", "ISO 639-3"). */
    public record Match(String left, String right, String language, String via) {
    }

    /** A key that did not take part, and why. */
    public record LeftOut(String source, String key, String reason) {
    }

    public record Matching(List<Match> matched, List<LeftOut> leftOut) {
    }

    /**
     * Pairs the keys of two inputs (named for the messages, e.g. "alignment" and "accuracy"); every
     * key ends up either matched or in the left-out list with a reason.
     */
    public Matching match(Collection<String> leftKeys, String leftName, Collection<String> rightKeys, String rightName) {
        Set<String> left = new LinkedHashSet<>(leftKeys);
        Set<String> right = new LinkedHashSet<>(rightKeys);
        Map<String, Match> byLeft = new LinkedHashMap<>();
        for (String l : left) {
            if (right.contains(l)) {
                byLeft.put(l, new Match(l, l, language(l).orElse(l), "exact"));
            }
        }
        right.removeAll(byLeft.keySet());
        for (String l : left) {
            if (byLeft.containsKey(l)) {
                continue;
            }
            String target = overrides.get(l);
            if (target != null && right.contains(target)) {
                byLeft.put(l, new Match(l, target, language(l).orElse(target), "--lang-map"));
                right.remove(target);
                continue;
            }
            for (String r : right) {
                if (l.equals(overrides.get(r))) {
                    byLeft.put(l, new Match(l, r, language(r).orElse(l), "--lang-map"));
                    right.remove(r);
                    break;
                }
            }
        }
        Map<String, List<String>> leftByCode = new LinkedHashMap<>();
        Map<String, List<String>> rightByCode = new LinkedHashMap<>();
        List<LeftOut> leftOut = new ArrayList<>();
        for (String l : left) {
            if (!byLeft.containsKey(l)) {
                Optional<String> c = language(l);
                if (c.isEmpty()) {
                    leftOut.add(new LeftOut(leftName, l, "not a language key babelscope can read (use --lang-map " + l + "=LANG)"));
                } else {
                    leftByCode.computeIfAbsent(c.get(), x -> new ArrayList<>()).add(l);
                }
            }
        }
        for (String r : right) {
            Optional<String> c = language(r);
            if (c.isEmpty()) {
                leftOut.add(new LeftOut(rightName, r, "not a language key babelscope can read (use --lang-map " + r + "=LANG)"));
            } else {
                rightByCode.computeIfAbsent(c.get(), x -> new ArrayList<>()).add(r);
            }
        }
        List<Match> codeMatches = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : leftByCode.entrySet()) {
            String code = e.getKey();
            List<String> ls = e.getValue();
            List<String> rs = rightByCode.remove(code);
            if (rs == null) {
                for (String l : ls) {
                    leftOut.add(new LeftOut(leftName, l, "no " + rightName + " for this language (" + code + ")"));
                }
            } else if (ls.size() == 1 && rs.size() == 1) {
                codeMatches.add(new Match(ls.get(0), rs.get(0), code, "ISO 639-3"));
            } else {
                String why = "ambiguous: " + leftName + " " + ls + " and " + rightName + " " + rs
                        + " all read as " + code + " (use --lang-map to pair them)";
                ls.forEach(l -> leftOut.add(new LeftOut(leftName, l, why)));
                rs.forEach(r -> leftOut.add(new LeftOut(rightName, r, why)));
            }
        }
        rightByCode.forEach((code, rs) -> rs.forEach(
                r -> leftOut.add(new LeftOut(rightName, r, "no " + leftName + " for this language (" + code + ")"))));
        List<Match> matched = new ArrayList<>();
        for (String l : left) {
            if (byLeft.containsKey(l)) {
                matched.add(byLeft.get(l));
            }
            codeMatches.stream().filter(m -> m.left().equals(l)).forEach(matched::add);
        }
        return new Matching(List.copyOf(matched), List.copyOf(leftOut));
    }
}
