package org.babelscope.cli;

import java.nio.file.Path;
import java.util.List;
import org.babelscope.BadInputException;
import org.babelscope.eval.task.TaskName;
import org.babelscope.eval.task.TaskSet;
import org.babelscope.eval.task.Tasks;
import picocli.CommandLine.Option;

/** Which task data to score and how its prompts are made: the options of eval and bench eval. */
public final class TaskOptions {
    @Option(names = "--task", required = true, paramLabel = "TASK",
            description = "xcopa|xstorycloze|belebele|xcsqa|mgsm|jsonl-mc")
    String task;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "The task's data folder or file.")
    Path data;

    @Option(names = "--langs", split = ",", paramLabel = "LANG", description = "Languages to score (default: all).")
    List<String> langs;

    @Option(names = "--shots", defaultValue = "0", paramLabel = "K", description = "Few-shot examples per prompt (default: ${DEFAULT-VALUE}).")
    int shots;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "N", description = "Seed of the few-shot draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|val",
            description = "Split to score: test, or val to tune on (xcopa) (default: ${DEFAULT-VALUE}).")
    String split;

    TaskName name() {
        return TaskName.parse(task);
    }

    /** Reads the task's items; BadInputException for bad options or files. */
    TaskSet load() {
        if (shots < 0) {
            throw new BadInputException("--shots must be 0 or more, got " + shots);
        }
        return Tasks.load(name(), data, langs, shots, seed, split);
    }
}
