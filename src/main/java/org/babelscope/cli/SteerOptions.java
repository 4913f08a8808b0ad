package org.babelscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.babelscope.BadInputException;
import org.babelscope.lens.LensFiles;
import org.babelscope.lens.Steering;
import org.babelscope.model.gguf.ControlVectorFile;
import picocli.CommandLine.Option;

/** {@code --steer} for eval and capture: a lens directory or a control-vector file. */
final class SteerOptions {
    @Option(names = "--steer", paramLabel = "LENSDIR|FILE.gguf",
            description = {"Steer while running: a lens directory gives each language its own vector",
                    "(none for the pivot); a control-vector file applies to every language."})
    Path steer;

    @Option(names = "--steer-alpha", defaultValue = "1", paramLabel = "A",
            description = "With a lens: weight of the agnostic part (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--steer-beta", defaultValue = "1", paramLabel = "B",
            description = "With a lens: weight of the specific part (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--steer-layers", paramLabel = "a-b|a,b",
            description = "With a lens: layers to steer (default: the upper half of the lens's layers).")
    String layers;

    Optional<Steering> load() throws IOException {
        if (steer == null) {
            return Optional.empty();
        }
        if (Files.isDirectory(steer)) {
            return Optional.of(Steering.fromLens(LensFiles.read(steer), alpha, beta, layers));
        }
        if (!Files.isRegularFile(steer)) {
            throw new BadInputException("--steer " + steer + ": no such lens directory or control-vector file");
        }
        if (layers != null || alpha != 1 || beta != 1) {
            throw new BadInputException("--steer-alpha, --steer-beta and --steer-layers apply to a lens; a"
                    + " control-vector file is applied as written (make another with lens export)");
        }
        return Optional.of(Steering.fromFile(ControlVectorFile.read(steer)));
    }
}
