package org.babelscope.eval.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.babelscope.BadInputException;
import org.babelscope.corpus.OptionsReader;

/** A task read from option files ({@link OptionFiles}): Belebele or XStoryCloze without gold labels. */
final class OptionTask {
    private OptionTask() {
    }

    static TaskSet load(TaskName task, Path dir, List<String> langs, int shots) {
        if (shots > 0) {
            throw new BadInputException(shots + " shots asked for, but the " + task + " option files in " + dir
                    + " have no gold labels, and a few-shot example needs its right answer; use 0 shots, or the "
                    + "data set's own files");
        }
        Map<String, TreeMap<Integer, Path>> files = OptionsReader.optionFiles(dir);
        List<String> selected = Langs.select(files.keySet(), langs, "the " + task + " option files in " + dir);
        Map<String, List<ChoiceItem>> result = new LinkedHashMap<>();
        int empty = 0;
        int k = -1;
        for (String lang : selected) {
            OptionFiles.Language read = OptionFiles.read(lang, files.get(lang));
            empty += read.emptyContexts();
            k = files.get(lang).size();
            List<ChoiceItem> items = new ArrayList<>();
            for (Doc d : read.docs()) {
                items.add(Prompts.request(d, lang, List.of()));
            }
            result.put(lang, items);
        }
        List<String> notes = new ArrayList<>();
        notes.add(task + ": option files without gold labels (gold = -1); context = common prefix of the item's "
                + k + " option lines, cut just before the last whitespace in it; continuation = the rest of each line");
        if (empty > 0) {
            notes.add(task + ": " + empty + " item(s) whose options share no word: empty context, whole lines scored");
        }
        notes.add(task + ": 0 shots (no gold labels to show)");
        return new TaskSet(task, result, Map.of(), notes);
    }
}
