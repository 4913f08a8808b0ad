package org.babelscope.cli;

import org.babelscope.lens.Lens;
import org.babelscope.lens.Steering;
import picocli.CommandLine.Option;

/** lens export's choice of weights and layers. */
final class SteeringOptions {
    @Option(names = "--alpha", defaultValue = "1", paramLabel = "A",
            description = "Weight of the agnostic part: pull toward the pivot (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", defaultValue = "1", paramLabel = "B",
            description = "Weight of the specific part: push away from the pivot (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--layers", paramLabel = "a-b|a,b",
            description = "Layers to steer, among the lens's (default: the upper half of them; never 0).")
    String layers;

    Steering of(Lens lens) {
        return Steering.fromLens(lens, alpha, beta, layers);
    }
}
