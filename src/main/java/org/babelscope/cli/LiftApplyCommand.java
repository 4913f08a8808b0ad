package org.babelscope.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.babelscope.compute.Backends;
import org.babelscope.lift.LiftApply;
import org.babelscope.lift.LiftFiles;
import org.babelscope.store.EmbeddingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apply", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Write the held-out items of a store through the lift's maps into a new store",
                "(the pivot as captured, every language mapped), so that align and every other",
                "command compare before and after on exactly the items the fit never saw."},
        footer = {"", "Example:",
                "  babelscope lift apply --lift runs/lift --store runs/flores --out runs/lifted \\",
                "      --before-out runs/held-out",
                "  babelscope align --store runs/held-out --pivot eng_Latn --out before.json",
                "  babelscope align --store runs/lifted --pivot eng_Latn --out after.json"})
final class LiftApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lift", required = true, paramLabel = "LIFTDIR", description = "A directory written by lift fit.")
    Path liftDir;

    @Option(names = "--store", required = true, paramLabel = "STORE", description = "The store the lift was fitted on.")
    Path store;

    @Option(names = "--before-out", paramLabel = "STORE", description = "Also write the same held-out items unmapped here.")
    Path beforeOut;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", required = true, paramLabel = "STORE", description = "Store of mapped held-out items to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        LiftFiles.Summary lift = LiftFiles.read(liftDir);
        try (Backends.Choice backend = backendOptions.select()) {
            spec.commandLine().getErr().println(backend.reason());
            try (EmbeddingStore s = EmbeddingStore.open(store)) {
                LiftApply apply = new LiftApply(backend.kernels());
                apply.run(liftDir, lift, s, out, true);
                if (beforeOut != null) {
                    apply.run(liftDir, lift, s, beforeOut, false);
                }
            }
            spec.commandLine().getOut().printf("held-out items: %d, views: %d, layers %s%n", lift.split().test().length,
                    lift.languages().size() + 1, lift.layers());
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("wrote " + out + (beforeOut == null ? "" : " and " + beforeOut));
            return Cli.OK;
        }
    }
}
