package org.babelscope.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.babelscope.BadInputException;

/**
 * Tatoeba test pairs as LASER distributes them: {@code tatoeba.<xxx>-eng.<xxx>} and
 * {@code tatoeba.<xxx>-eng.eng}, line-aligned within a pair. The English sentences differ from
 * pair to pair (and so do the counts, up to 1000), so each language {@code xxx} yields two views,
 * {@code eng-xxx} (its English side) and {@code xxx}, compared with each other only; the pivot
 * language is {@code eng}. See {@link Corpus} on paired corpora.
 */
final class TatoebaReader {
    static final String ENGLISH = "eng";
    private static final String LAYOUT = "tatoeba.<xxx>-eng.<xxx> and tatoeba.<xxx>-eng.eng pairs";

    private TatoebaReader() {
    }

    static Corpus read(Path dir, ReadOptions options) {
        CorpusPaths.requireDirectory(dir, CorpusFormat.TATOEBA, LAYOUT);
        options.requireNoSplit(CorpusFormat.TATOEBA);
        options.requireEnglishPivot(CorpusFormat.TATOEBA, ENGLISH);
        TreeSet<String> langs = new TreeSet<>();
        for (String name : FormatGuess.fileNames(dir)) {
            Matcher m = FormatGuess.TATOEBA_FILE.matcher(name);
            if (m.matches()) {
                langs.add(m.group(1));
            }
        }
        if (langs.isEmpty()) {
            throw new BadInputException("no " + LAYOUT + " in " + dir + FormatGuess.hint(dir, CorpusFormat.TATOEBA));
        }
        List<String> selected = LanguageSelection.select(langs, ENGLISH, options.langs(), "the Tatoeba folder " + dir);
        if (selected.isEmpty()) {
            throw new BadInputException("no language selected in " + dir + ": Tatoeba's English sides belong to "
                    + "their pairs, so select at least one of " + Names.sample(langs));
        }
        List<View> views = new ArrayList<>();
        for (String lang : selected) {
            Path english = file(dir, lang, ENGLISH);
            Path own = file(dir, lang, lang);
            List<String> englishLines = TextLines.read(english);
            List<String> ownLines = TextLines.read(own);
            if (englishLines.size() != ownLines.size()) {
                throw new BadInputException("the Tatoeba pair " + lang + "-eng is not line-aligned: " + own.getFileName()
                        + " has " + ownLines.size() + " lines, " + english.getFileName() + " has " + englishLines.size());
            }
            views.add(new View(ViewName.of(lang).pairedPivot(ENGLISH).toString(), options.cut(englishLines)));
            views.add(new View(lang, options.cut(ownLines)));
        }
        return new Corpus(CorpusPaths.baseName(dir), ENGLISH, views, Map.of());
    }

    private static Path file(Path dir, String lang, String side) {
        Path file = dir.resolve("tatoeba." + lang + "-eng." + side);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("the Tatoeba pair " + lang + "-eng is incomplete: " + file + " is missing");
        }
        return file;
    }
}
