package org.babelscope.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Which parallel views and layers of a store a fit reads: the inputs of lens fit and lift fit. */
final class ParallelStoreOptions {
    @Option(names = "--store", required = true, paramLabel = "STORE", description = "Embedding store of parallel texts.")
    Path store;

    @Option(names = "--pivot", required = true, paramLabel = "VIEW", description = "The pivot language's view, e.g. eng_Latn.")
    String pivot;

    @Option(names = "--langs", split = ",", paramLabel = "VIEW",
            description = "Languages to use (default: every plain language view of the store).")
    List<String> langs;

    @Option(names = "--layers", defaultValue = "all", paramLabel = "all|a-b|a,b",
            description = "Model layers (default: ${DEFAULT-VALUE}).")
    String layers;
}
