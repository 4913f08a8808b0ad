package org.babelscope.eval.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.babelscope.BadInputException;
import org.babelscope.corpus.OptionsReader;
import org.babelscope.corpus.TextLines;

/**
 * Multiple-choice items as option texts, the layout the capture of option views reads (and found
 * by the same {@link OptionsReader#optionFiles}): a folder of
 * {@code <lang>_choice<k>.txt}, line i of each file the whole text of item i with option k
 * (Belebele: passage, question, answer k; XStoryCloze: story, ending k). No gold labels.
 *
 * <p>The split into a scoring request: the context is the longest common prefix of the item's
 * option lines, cut back to just before the last whitespace inside it; each continuation is the
 * rest of its line, so it begins with that whitespace ("… the accordion?" + " For additional
 * volume, …"). Cutting at whitespace keeps a word that several options begin with inside the
 * scored continuation rather than splitting it. When the common prefix holds no whitespace (the
 * options differ in their first word) the context is empty and each whole line is scored.
 */
final class OptionFiles {
    /** The items of one language, and how many had an empty context. */
    record Language(List<Doc> docs, int emptyContexts) {
    }

    private OptionFiles() {
    }

    /** Whether {@code dir} holds any option file. */
    static boolean present(Path dir) {
        return !OptionsReader.optionFiles(dir).isEmpty();
    }

    /** Reads one language's option files and splits every item as described above. */
    static Language read(String lang, TreeMap<Integer, Path> byK) {
        List<Path> paths = new ArrayList<>(byK.values());
        int k = 1;
        for (int key : byK.keySet()) {
            if (key != k++) {
                throw new BadInputException("options of " + lang + " must be numbered 1.." + byK.size() + ", found "
                        + byK.keySet() + " (" + byK.get(key).getParent() + ")");
            }
        }
        if (paths.size() < 2) {
            throw new BadInputException("only one option file for " + lang + " (" + paths.get(0)
                    + "); a multiple-choice item needs at least <lang>_choice1.txt and <lang>_choice2.txt");
        }
        List<List<String>> lines = new ArrayList<>();
        for (Path p : paths) {
            List<String> l = TextLines.read(p);
            if (l.isEmpty()) {
                throw new BadInputException(p + " is empty");
            }
            lines.add(l);
        }
        for (int j = 1; j < paths.size(); j++) {
            if (lines.get(j).size() != lines.get(0).size()) {
                throw new BadInputException("line counts differ: " + paths.get(0) + " has " + lines.get(0).size()
                        + " lines, " + paths.get(j) + " has " + lines.get(j).size()
                        + "; line i of every option file must be the same item");
            }
        }
        List<Doc> docs = new ArrayList<>(lines.get(0).size());
        int empty = 0;
        for (int i = 0; i < lines.get(0).size(); i++) {
            List<String> options = new ArrayList<>(paths.size());
            for (int j = 0; j < paths.size(); j++) {
                String text = lines.get(j).get(i);
                if (Prompts.strip(text).isEmpty()) {
                    throw new BadInputException(paths.get(j) + ", line " + (i + 1) + ": empty option text");
                }
                options.add(text);
            }
            int cut = cut(options);
            empty += cut == 0 ? 1 : 0;
            List<String> continuations = options.stream().map(o -> o.substring(cut)).toList();
            docs.add(new Doc(String.valueOf(i), i, options.get(0).substring(0, cut), continuations, -1,
                    paths.get(0) + ", line " + (i + 1)));
        }
        return new Language(docs, empty);
    }

    /** Where context and continuations part: the last whitespace inside the common prefix, or 0. */
    static int cut(List<String> options) {
        String first = options.get(0);
        int common = first.length();
        for (String o : options) {
            int n = Math.min(common, o.length());
            int i = 0;
            while (i < n && o.charAt(i) == first.charAt(i)) {
                i++;
            }
            common = i;
        }
        for (int i = common - 1; i >= 0; i--) {
            if (Prompts.isSpace(first.charAt(i))) {
                return i;
            }
        }
        return 0;
    }
}
