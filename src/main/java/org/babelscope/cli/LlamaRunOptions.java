package org.babelscope.cli;

import org.babelscope.BadInputException;
import org.babelscope.model.capture.CaptureOptions;
import org.babelscope.model.llama.CpuThreads;
import org.babelscope.model.llama.KvType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How llama.cpp runs: the options shared by every command that decodes text. */
public final class LlamaRunOptions {
    @Option(names = "--batch", defaultValue = "" + CaptureOptions.DEFAULT_BATCH, paramLabel = "N",
            description = "Texts per llama_decode (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batch-tokens", defaultValue = "" + CaptureOptions.DEFAULT_BATCH_TOKENS, paramLabel = "N",
            description = {"Tokens per llama_decode, the context size; longer texts are cut (default: ${DEFAULT-VALUE}).",
                    "Packed texts attend over the whole batch (masked), a cost that grows with its square:",
                    "on 2 CPU cores, 8 texts x 512 ran 1.46x the embed() rate, 32 x 2048 0.88x (bench capture)."})
    int batchTokens;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU threads (default: the cores idle at start; on a busy machine more threads than idle cores run many times slower).")
    int threads;

    @Option(names = "--gpu-layers", defaultValue = "0", paramLabel = "N",
            description = "Layers to offload to a GPU with a Vulkan or CUDA build of llama.cpp (default: ${DEFAULT-VALUE}).")
    int gpuLayers;

    @Mixin
    LlamaRuntimeOptions llama;

    @Option(names = "--kv-type", defaultValue = "f32", paramLabel = "f32|f16",
            description = "llama.cpp's KV cache type; f16 is llama.cpp's default but moves states (8e-4 relative on stories260K) (default: ${DEFAULT-VALUE}).")
    String kvType;

    /** Checks the values; call before any work. */
    LlamaRunOptions validate() {
        if (batch < 1 || batchTokens < 8) {
            throw new BadInputException("--batch must be at least 1 and --batch-tokens at least 8");
        }
        if (threads < 0 || gpuLayers < 0) {
            throw new BadInputException("--threads and --gpu-layers must be 0 or more");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads > 4 * cores) {
            throw new BadInputException("--threads " + threads + " is more than 4 x the " + cores + " cores here");
        }
        kvType();
        llama.apply();
        return this;
    }

    int threadCount() {
        return threads > 0 ? threads : CpuThreads.idleCores();
    }

    KvType kvType() {
        return Choices.parse(KvType.class, "--kv-type", kvType);
    }
}
