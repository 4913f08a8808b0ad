package org.babelscope.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.babelscope.BadInputException;

/**
 * FLORES-style folders: one file per language, {@code <lang>.devtest}, {@code <lang>.dev} or
 * {@code <lang>.txt}, line i of every file the same sentence. View name = language code.
 *
 * <p>A folder may hold both FLORES splits (dev has 997 sentences, devtest 1012: different
 * sentences). One corpus takes one split for all languages, since mixing them would pair
 * unrelated sentences: the requested one, else devtest when any .devtest file exists (the split
 * FLORES reports results on), else dev, else txt. Files of the other splits are ignored, and a
 * requested language that exists only in another split is an error that says so.
 */
final class FloresReader {
    static final List<String> SPLITS = List.of("devtest", "dev", "txt");
    private static final String LAYOUT = "<lang>.devtest, <lang>.dev or <lang>.txt files";

    private FloresReader() {
    }

    static Corpus read(Path dir, ReadOptions options) {
        CorpusPaths.requireDirectory(dir, CorpusFormat.FLORES, LAYOUT);
        Map<String, Map<String, Path>> bySplit = filesBySplit(dir);
        String split = split(dir, bySplit, options.split());
        Map<String, Path> files = bySplit.get(split);
        String what = "the FLORES folder " + dir + " (split " + split + ")";
        String pivot = PivotChoice.choose(files.keySet(), options.pivot(), null, what);
        requireInSplit(options.langs(), files, bySplit, split);
        List<String> langs = new ArrayList<>();
        langs.add(pivot);
        langs.addAll(LanguageSelection.select(files.keySet(), pivot, options.langs(), what));

        List<View> views = new ArrayList<>();
        for (String lang : langs) {
            views.add(new View(lang, TextLines.read(files.get(lang))));
        }
        LineCounts.requireEqual(views, lang -> files.get(lang).getFileName().toString(), dir);
        List<View> cut = views.stream().map(v -> new View(v.name(), options.cut(v.texts()))).toList();
        return new Corpus(CorpusPaths.baseName(dir), pivot, cut, Map.of());
    }

    /** split -> (language -> file), for the files that follow the FLORES naming. */
    private static Map<String, Map<String, Path>> filesBySplit(Path dir) {
        Map<String, Map<String, Path>> bySplit = new TreeMap<>();
        for (String name : FormatGuess.fileNames(dir)) {
            Matcher m = FormatGuess.FLORES_FILE.matcher(name);
            // Belebele-style option files end in .txt too; they are not languages.
            if (m.matches() && !FormatGuess.OPTION_FILE.matcher(name).matches()) {
                bySplit.computeIfAbsent(m.group(2), s -> new TreeMap<>()).put(m.group(1), dir.resolve(name));
            }
        }
        return bySplit;
    }

    private static String split(Path dir, Map<String, Map<String, Path>> bySplit, String requested) {
        if (requested != null) {
            if (!SPLITS.contains(requested)) {
                throw new BadInputException("FLORES split must be one of " + String.join(", ", SPLITS) + ", not "
                        + requested);
            }
            if (!bySplit.containsKey(requested)) {
                throw new BadInputException("no <lang>." + requested + " files in " + dir + "; it has splits "
                        + (bySplit.isEmpty() ? "none" : String.join(", ", bySplit.keySet())));
            }
            return requested;
        }
        for (String s : SPLITS) {
            if (bySplit.containsKey(s)) {
                return s;
            }
        }
        throw new BadInputException("no " + LAYOUT + " in " + dir + FormatGuess.hint(dir, CorpusFormat.FLORES));
    }

    private static void requireInSplit(List<String> requested, Map<String, Path> files,
                                       Map<String, Map<String, Path>> bySplit, String split) {
        for (String lang : requested) {
            if (files.containsKey(lang)) {
                continue;
            }
            for (var e : bySplit.entrySet()) {
                if (e.getValue().containsKey(lang)) {
                    throw new BadInputException(lang + " has a ." + e.getKey() + " file but no ." + split
                            + " file; one corpus cannot mix FLORES splits (they hold different sentences): "
                            + "choose split " + e.getKey() + " or leave " + lang + " out");
                }
            }
        }
    }
}
