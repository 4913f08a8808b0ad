package org.babelscope.eval.task;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.babelscope.BadInputException;

/** The task data sets that {@link Tasks#load} turns into scoring requests. */
public enum TaskName {
    XCOPA("xcopa"),
    XSTORYCLOZE("xstorycloze"),
    BELEBELE("belebele"),
    XCSQA("xcsqa"),
    MGSM("mgsm"),
    JSONL_MC("jsonl-mc");

    private final String cliName;

    TaskName(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line: {@code xcopa}, {@code jsonl-mc}, … */
    public String cliName() {
        return cliName;
    }

    /** The task of a command-line name (case-insensitive); throws naming the known ones otherwise. */
    public static TaskName parse(String name) {
        for (TaskName t : values()) {
            if (t.cliName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return t;
            }
        }
        throw new BadInputException("unknown task \"" + name + "\"; known tasks: "
                + Arrays.stream(values()).map(TaskName::cliName).collect(Collectors.joining(", ")));
    }

    /** True for tasks scored by generating text (MGSM), false for multiple choice by log-likelihood. */
    public boolean isGeneration() {
        return this == MGSM;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
