package org.babelscope.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.babelscope.BadInputException;

/**
 * Multiple-choice items as option texts: a folder of {@code <lang>_choice<k>.txt}, line i of
 * each file the full text of item i with answer option k (Belebele: passage + question + option,
 * k = 1..4; XStoryCloze: story + ending, k = 1..2, languages spelled {@code english}). One view
 * per language and option, {@code <lang>.opt<k>} with k as in the file names; option k of a
 * language is compared with option k of the pivot. Every language must have the same options and
 * every file the same line count. The pivot is English ({@code eng_Latn}, {@code english}, …)
 * unless named.
 */
public final class OptionsReader {
    private static final String LAYOUT = "<lang>_choice<k>.txt files";

    private OptionsReader() {
    }

    static Corpus read(Path dir, ReadOptions options) {
        CorpusPaths.requireDirectory(dir, CorpusFormat.OPTIONS, LAYOUT);
        options.requireNoSplit(CorpusFormat.OPTIONS);
        Map<String, TreeMap<Integer, Path>> files = optionFiles(dir);
        if (files.isEmpty()) {
            throw new BadInputException("no " + LAYOUT + " in " + dir + FormatGuess.hint(dir, CorpusFormat.OPTIONS));
        }
        String what = "the options folder " + dir;
        String pivot = PivotChoice.choose(files.keySet(), options.pivot(), null, what);
        List<String> langs = new ArrayList<>();
        langs.add(pivot);
        langs.addAll(LanguageSelection.select(files.keySet(), pivot, options.langs(), what));

        List<View> views = new ArrayList<>();
        Map<String, String> fileOf = new TreeMap<>();
        for (String lang : langs) {
            for (var e : files.get(lang).entrySet()) {
                String name = ViewName.option(lang, e.getKey()).toString();
                views.add(new View(name, TextLines.read(e.getValue())));
                fileOf.put(name, e.getValue().getFileName().toString());
            }
        }
        LineCounts.requireEqual(views, fileOf::get, dir);
        List<View> cut = views.stream().map(v -> new View(v.name(), options.cut(v.texts()))).toList();
        return new Corpus(CorpusPaths.baseName(dir), pivot, cut, Map.of());
    }

    /**
     * The option files of {@code dir}, language -> (k -> file), sorted; empty when there are none.
     * Checked, so that capture (views) and eval (items) read a folder alike: language codes usable
     * in view names, no option twice, the same options in every language.
     */
    public static Map<String, TreeMap<Integer, Path>> optionFiles(Path dir) {
        Map<String, TreeMap<Integer, Path>> files = new TreeMap<>();
        for (String name : FormatGuess.fileNames(dir)) {
            Matcher m = FormatGuess.OPTION_FILE.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String lang = m.group(1);
            if (!ViewName.isLanguageCode(lang)) {
                throw new BadInputException(dir.resolve(name) + ": \"" + lang + "\" cannot be a language code "
                        + "(letters, digits and '_' only); rename the file");
            }
            Path previous = files.computeIfAbsent(lang, l -> new TreeMap<>())
                    .put(Integer.parseInt(m.group(2)), dir.resolve(name));
            if (previous != null) {
                throw new BadInputException(previous + " and " + dir.resolve(name) + " are the same option of " + lang);
            }
        }
        if (!files.isEmpty()) {
            requireSameOptions(files, dir);
        }
        return files;
    }

    private static void requireSameOptions(Map<String, TreeMap<Integer, Path>> files, Path dir) {
        var first = files.entrySet().iterator().next();
        Set<Integer> expected = first.getValue().keySet();
        for (var e : files.entrySet()) {
            if (!e.getValue().keySet().equals(expected)) {
                throw new BadInputException("languages in " + dir + " have different options: " + first.getKey()
                        + " has choice " + new TreeSet<>(expected) + ", " + e.getKey() + " has choice "
                        + new TreeSet<>(e.getValue().keySet()) + "; every language needs the same <lang>_choice<k>.txt files");
            }
        }
    }
}
