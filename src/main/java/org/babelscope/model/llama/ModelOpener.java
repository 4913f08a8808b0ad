package org.babelscope.model.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.babelscope.BadInputException;
import org.babelscope.model.gguf.ModelCheck;
import org.babelscope.model.gguf.ModelInfo;
import org.babelscope.runner.Isolation;
import org.babelscope.runner.RunnerJournal;

/**
 * The one way babelscope loads a model: the file is validated in Java first, because llama.cpp
 * aborts the whole process on many bad files, and only then handed to llama.cpp (by default in a
 * runner process, {@link org.babelscope.runner}, so that what the check misses cannot crash the
 * user's process).
 */
public final class ModelOpener {
    /** A loaded model and what its file says about it. */
    public record Opened(LoadedModel model, ModelInfo info) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    private ModelOpener() {
    }

    /**
     * The Java gate: checks that {@code file} is a model the chosen llama.cpp can load, then, in
     * the user's process of a command run with isolation, hands the command to a runner process
     * ({@link Isolation#enterRunner}), so that all native work after the gate happens there.
     * Commands call this before anything that costs (hashing the model, opening outputs).
     */
    public static ModelInfo check(Path file, int gpuLayers) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("model file " + file + " does not exist"
                    + (Files.isDirectory(file) ? " (it is a folder)" : ""));
        }
        if (gpuLayers < 0) {
            throw new BadInputException("--gpu-layers must be 0 or more, got " + gpuLayers);
        }
        ModelInfo info = ModelCheck.requireCapturable(file, LlamaRuntime.abi());
        Isolation.enterRunner();
        return info;
    }

    public static Opened open(Path file, int gpuLayers) throws IOException {
        ModelInfo info = check(file, gpuLayers);
        RunnerJournal.model(file);
        LoadedModel model = LoadedModel.load(file, gpuLayers);
        if (model.nLayer() != info.nLayer() || model.nEmbd() != info.nEmbd()) {
            model.close();
            throw new LlamaFailure("llama.cpp reads " + model.nLayer() + " layers of " + model.nEmbd() + " from " + file
                    + ", its metadata says " + info.nLayer() + " of " + info.nEmbd());
        }
        return new Opened(model, info);
    }
}
