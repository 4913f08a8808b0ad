package org.babelscope.eval.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.babelscope.BadInputException;

/**
 * Task data files turned into scoring requests with lm-evaluation-harness's conventions: the
 * harness's prompt template for each task, few-shot examples joined as the harness joins them
 * (each example = its context + " " + its right choice; examples and the item separated by
 * "\n\n"), and its rule that whitespace ending a context moves to the front of the continuation.
 * Every problem with the data is a {@link BadInputException} naming the file and, where there is
 * one, the 1-based line.
 */
public final class Tasks {
    private Tasks() {
    }

    /**
     * The items of {@code task} in {@code data}.
     *
     * @param data  the data set's file or folder (see each task in the README, "Task files (eval)")
     * @param langs the languages to load, in that order; null or empty = every language found
     * @param shots few-shot examples per item, 0 or more
     * @param seed  fixes the draw of few-shot examples (the same seed gives the same prompts)
     */
    public static TaskSet load(TaskName task, Path data, List<String> langs, int shots, long seed) {
        return load(task, data, langs, shots, seed, TEST);
    }

    /** The split that tasks score by default. */
    public static final String TEST = "test";

    /**
     * As {@link #load(TaskName, Path, List, int, long)}, from a named split: {@code test}, or
     * {@code val} where the data set has a validation split to tune on (XCOPA).
     */
    public static TaskSet load(TaskName task, Path data, List<String> langs, int shots, long seed, String split) {
        if (!split.equals(TEST) && task != TaskName.XCOPA) {
            throw new BadInputException("--split " + split + ": only xcopa has a split besides test here");
        }
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(data, "data");
        if (shots < 0) {
            throw new BadInputException("the number of shots must be 0 or more, not " + shots);
        }
        if (!Files.exists(data)) {
            throw new BadInputException("no such file or folder: " + data);
        }
        if (task != TaskName.JSONL_MC && !Files.isDirectory(data)) {
            throw new BadInputException(data + " is a file; the " + task + " task reads a folder");
        }
        return switch (task) {
            case XCOPA -> XcopaTask.load(data, langs, shots, seed, split);
            case XSTORYCLOZE -> XStoryClozeTask.load(data, langs, shots, seed);
            case BELEBELE -> BelebeleTask.load(data, langs, shots);
            case XCSQA -> XcsqaTask.load(data, langs, shots, seed);
            case MGSM -> MgsmTask.load(data, langs, shots, seed);
            case JSONL_MC -> JsonlMcTask.load(data, langs, shots, seed);
        };
    }
}
