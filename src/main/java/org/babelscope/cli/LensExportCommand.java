package org.babelscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.babelscope.BadInputException;
import org.babelscope.lens.Lens;
import org.babelscope.lens.LensFiles;
import org.babelscope.lens.Steering;
import org.babelscope.model.gguf.ControlVectorFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Write one language's steering vector as a llama.cpp control-vector GGUF:",
                "v = alpha*(P_a mu_pivot - P_a mu_L) + beta*(P_s mu_L - P_s mu_pivot) per layer,",
                "added to the output of that block (llama-server --control-vector L.gguf)."},
        footer = {"", "Example:",
                "  babelscope lens export --lens runs/lens --lang swh_Latn --alpha 1 --beta 0.5 \\",
                "      --layers 20-27 --out sw.gguf",
                "", "At rank K-1 every language mean has the same agnostic part, so the alpha term",
                "is zero and v = beta*(mu_L - mu_pivot); a lower --rank in lens fit gives it weight."})
final class LensExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lens", required = true, paramLabel = "LENSDIR", description = "A directory written by lens fit.")
    Path lensDir;

    @Option(names = "--lang", required = true, paramLabel = "LANG",
            description = "The language to steer (a lens language, or the same language's ISO code: it = ita_Latn).")
    String lang;

    @Mixin
    SteeringOptions steering;

    @Option(names = "--out", required = true, paramLabel = "FILE.gguf", description = "Control-vector file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Lens lens = LensFiles.read(lensDir);
        Steering s = steering.of(lens);
        String language = lens.language(lang);
        if (language.equals(lens.pivot())) {
            throw new BadInputException(lang + " is the lens's pivot: its steering vector is zero");
        }
        TreeMap<Integer, float[]> directions = s.vectors(language);
        String hint = lens.architecture().orElse("llama");
        new ControlVectorFile(hint, directions).write(out);
        List<String> norms = new ArrayList<>();
        directions.forEach((layer, v) -> {
            double n = 0;
            for (float x : v) {
                n += (double) x * x;
            }
            norms.add(String.format(Locale.ROOT, "%d: %.4g", layer, Math.sqrt(n)));
        });
        spec.commandLine().getOut().println("steering " + language + " (alpha " + s.alpha() + ", beta " + s.beta()
                + "), |v| per layer: " + String.join(", ", norms));
        spec.commandLine().getErr().println("wrote " + out);
        return Cli.OK;
    }
}
