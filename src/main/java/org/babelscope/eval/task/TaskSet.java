package org.babelscope.eval.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.BadInputException;

/** What one data path holds for one task: the items of each selected language, and how they were made. */
public final class TaskSet {
    private final TaskName task;
    private final List<String> languages;
    private final Map<String, List<ChoiceItem>> choice;
    private final Map<String, List<GenerationItem>> generation;
    private final List<String> notes;

    TaskSet(TaskName task, Map<String, List<ChoiceItem>> choice, Map<String, List<GenerationItem>> generation,
            List<String> notes) {
        this.task = task;
        this.choice = copy(choice);
        this.generation = copy(generation);
        this.languages = List.copyOf(task.isGeneration() ? generation.keySet() : choice.keySet());
        this.notes = List.copyOf(notes);
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> m) {
        Map<String, List<T>> result = new LinkedHashMap<>();
        m.forEach((k, v) -> result.put(k, List.copyOf(v)));
        return result;
    }

    public TaskName task() {
        return task;
    }

    /** The selected languages, in a stable order (the order asked for, or the data's order). */
    public List<String> languages() {
        return languages;
    }

    /** The items of {@code lang}; empty for a generation task. */
    public List<ChoiceItem> choiceItems(String lang) {
        requireLanguage(lang);
        return choice.getOrDefault(lang, List.of());
    }

    /** The items of {@code lang}; empty for a multiple-choice task. */
    public List<GenerationItem> generationItems(String lang) {
        requireLanguage(lang);
        return generation.getOrDefault(lang, List.of());
    }

    /** Human-readable facts about how the prompts were made (template, source, shots, repairs). */
    public List<String> notes() {
        return notes;
    }

    private void requireLanguage(String lang) {
        if (!languages.contains(lang)) {
            throw new BadInputException(task + ": no language \"" + lang + "\" loaded; loaded: " + String.join(", ", languages));
        }
    }
}
