package org.babelscope.model.llama;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.babelscope.BadInputException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;

/**
 * The llama.cpp that runs models in this process, chosen once (as Lucene chooses its vectorization
 * provider): the first model load opens it, every later call uses it, and asking for another one
 * afterwards is an error rather than a quiet second copy.
 *
 * <p>The choice, in this order: {@link #configure} (the command line's {@code --llama-lib} and
 * {@code --llama-runtime}), else {@code -Dbabelscope.llama.lib} / {@code $BABELSCOPE_LLAMA_LIB} and
 * {@code -Dbabelscope.llama.runtime} / {@code $BABELSCOPE_LLAMA_RUNTIME}, else {@code auto}:
 * <ul>
 *   <li>a folder ({@code --llama-lib DIR}): a build of llama.cpp {@value LlamaPackages#RELEASE} the user made
 *       (ROCm, another CUDA), its {@code libllama*.so} and backends in that folder;</li>
 *   <li>{@code cpu}, {@code vulkan}, {@code cuda}: the prebuilt builds of {@link LlamaPackages};</li>
 *   <li>{@code java-llama}: build b4916 inside java-llama.cpp, the design card's runtime (CPU only,
 *       older model families), kept as an option and as the baseline of {@code bench};</li>
 *   <li>{@code auto}: the CPU build, or with {@code --gpu-layers} above 0 the installed CUDA build,
 *       else the installed Vulkan build.</li>
 * </ul>
 * A library of another ABI, a missing or incomplete folder, or a GPU build that finds no GPU is
 * refused with a {@link BadInputException} before any model is loaded.
 */
public final class LlamaRuntime {
    /** The C APIs the shim declares. */
    public enum Abi {
        B4916(1, "b4916"), V0_5_0(2, LlamaPackages.RELEASE);

        final int code;
        public final String release;

        Abi(int code, String release) {
            this.code = code;
            this.release = release;
        }
    }

    /** The build that runs: its name (cpu, vulkan, cuda, java-llama or custom), ABI and library. */
    public record Build(String name, Abi abi, Path library, boolean gpu) {
        /** One line for logs and results: "llama.cpp v0.5.0 cpu build (/path/libllama...so)". */
        public String describe() {
            return "llama.cpp " + abi.release + " " + name + " build (" + library + ")";
        }
    }

    /** A device the loaded backends offer, as ggml's registry lists it. */
    public record Device(String name, String description, String type, long memoryFree, long memoryTotal) {
        public boolean gpu() {
            return type.equals("gpu") || type.equals("igpu");
        }
    }

    private static final String[] DEVICE_TYPES = {"cpu", "gpu", "igpu", "accel"};

    private static int poll = Session.LLAMA_DEFAULT_POLL;
    private static String configuredRuntime;
    private static Path configuredLib;
    private static Build opened;

    private LlamaRuntime() {
    }

    /**
     * Sets the choice for this process (the command line's options; null keeps the environment's).
     * Refused once a different runtime is open.
     */
    public static synchronized void configure(String runtime, Path libDir) {
        if (opened != null) {
            String want = libDir != null ? "custom" : runtime;
            if (want != null && !want.equals("auto") && !want.equals(opened.name())) {
                throw new BadInputException("llama.cpp " + opened.name() + " is already loaded in this process; "
                        + "one process runs one llama.cpp");
            }
            return;
        }
        configuredRuntime = runtime;
        configuredLib = libDir;
    }

    /**
     * How the CPU workers of every later session wait between steps of the graph:
     * {@link Session#LLAMA_DEFAULT_POLL} (llama.cpp's own pool, which spins), or 0 (sleep) to 100.
     */
    public static synchronized void configurePoll(int level) {
        if (level != Session.LLAMA_DEFAULT_POLL && (level < 0 || level > 100)) {
            throw new BadInputException("--poll must lie in 0..100, got " + level);
        }
        poll = level;
    }

    /** The waiting of CPU workers sessions use ({@link #configurePoll}). */
    public static synchronized int poll() {
        return poll;
    }

    /** The open runtime, if a model was loaded (or {@link #open} called) in this process. */
    public static synchronized Optional<Build> current() {
        return Optional.ofNullable(opened);
    }

    /**
     * Opens the chosen runtime if it is not open yet, and checks that it can offload
     * {@code gpuLayers} layers: a GPU build with a GPU device when above 0.
     */
    public static synchronized Build open(int gpuLayers) {
        if (gpuLayers < 0) {
            throw new BadInputException("--gpu-layers must be 0 or more, got " + gpuLayers);
        }
        if (opened == null) {
            opened = openChosen(gpuLayers);
        }
        if (gpuLayers > 0) {
            requireGpu(opened, gpuLayers);
        }
        return opened;
    }

    /**
     * The C API of the runtime that runs models in this process: the open one's, else the one
     * that the first load will open (java-llama: b4916; any other choice: {@value LlamaPackages#RELEASE}).
     * Known without opening anything, so that a model is checked for the llama.cpp that will
     * load it before that llama.cpp is even opened.
     */
    public static synchronized Abi abi() {
        if (opened != null) {
            return opened.abi();
        }
        return chosenLib() == null && chosenRuntime().equals("java-llama") ? Abi.B4916 : Abi.V0_5_0;
    }

    private static Path chosenLib() {
        return configuredLib != null ? configuredLib : setting("babelscope.llama.lib", "BABELSCOPE_LLAMA_LIB")
                .map(Path::of).orElse(null);
    }

    private static String chosenRuntime() {
        String runtime = configuredRuntime != null ? configuredRuntime
                : setting("babelscope.llama.runtime", "BABELSCOPE_LLAMA_RUNTIME").orElse("auto");
        return runtime.toLowerCase(Locale.ROOT);
    }

    private static Build openChosen(int gpuLayers) {
        Path lib = chosenLib();
        String runtime = chosenRuntime();
        if (lib != null) {
            return openFolder("custom", lib);
        }
        switch (runtime) {
            case "java-llama":
                return openJavaLlama();
            case "auto":
                if (gpuLayers == 0) {
                    return openPackage(LlamaPackages.Package.CPU, true);
                }
                for (LlamaPackages.Package p : List.of(LlamaPackages.Package.CUDA, LlamaPackages.Package.VULKAN)) {
                    if (LlamaPackages.installed(p).isPresent()) {
                        return openPackage(p, false);
                    }
                }
                throw new BadInputException("--gpu-layers " + gpuLayers + " needs a GPU build of llama.cpp, and none "
                        + "is installed: run 'babelscope runtime install cuda' (NVIDIA, CUDA 13) or 'babelscope runtime "
                        + "install vulkan' (NVIDIA, AMD, Intel), or name your own build with --llama-lib DIR");
            default:
                return openPackage(LlamaPackages.Package.named(runtime), false);
        }
    }

    private static Build openPackage(LlamaPackages.Package p, boolean installIfMissing) {
        Optional<Path> dir = LlamaPackages.installed(p);
        if (dir.isEmpty() && installIfMissing) {
            try {
                dir = Optional.of(LlamaPackages.install(p, System.err));
            } catch (IOException e) {
                throw new BadInputException("cannot install the llama.cpp " + p.buildName + " build: " + e.getMessage(), e);
            }
        }
        if (dir.isEmpty()) {
            throw new BadInputException("the llama.cpp " + p.buildName + " build is not installed (looked in "
                    + LlamaPackages.folder(p) + "): run 'babelscope runtime install " + p.buildName + "'");
        }
        return openFolder(p.buildName, dir.get());
    }

    private static Build openFolder(String name, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("llama.cpp folder " + dir + " does not exist"
                    + (Files.exists(dir) ? " (it is a file; --llama-lib takes the folder of libllama.so)" : ""));
        }
        Path lib;
        try {
            lib = LlamaPackages.findLibrary(dir).orElseThrow(() -> new BadInputException("llama.cpp folder " + dir
                    + " holds no libllama.so (or more than one libllama.*.so)"));
        } catch (IOException e) {
            throw new BadInputException("cannot read llama.cpp folder " + dir + ": " + e.getMessage(), e);
        }
        SharedLibraryCheck.requireWholeLibraries(dir);
        boolean gpu = !name.equals("cpu");
        Build b = new Build(name, Abi.V0_5_0, lib.toAbsolutePath(), gpu);
        openNative(b, dir.toAbsolutePath());
        return b;
    }

    private static Build openJavaLlama() {
        LlamaLibrary.loadJavaLlama();
        Path lib = LlamaLibrary.javaLlamaPath();
        Build b = new Build("java-llama", Abi.B4916, lib, false);
        openNative(b, null);
        return b;
    }

    private static void openNative(Build b, Path backends) {
        boolean verbose = System.getenv("BABELSCOPE_DEBUG") != null || Boolean.getBoolean("babelscope.llama.log");
        int rc;
        try (BytePointer lib = new BytePointer(b.library().toString(), StandardCharsets.UTF_8);
             BytePointer dir = backends == null ? null : new BytePointer(backends.toString(), StandardCharsets.UTF_8)) {
            rc = LlamaNative.bs_llama_runtime_open(b.abi().code, lib, dir, verbose ? 0 : 1);
        }
        if (rc != LlamaNative.OK) {
            throw new BadInputException(LlamaNative.lastError());
        }
    }

    /** The devices of the open runtime. */
    public static synchronized List<Device> devices() {
        List<Device> out = new ArrayList<>();
        if (opened == null) {
            return out;
        }
        int n = LlamaNative.bs_llama_device_count();
        try (BytePointer name = new BytePointer(256); BytePointer desc = new BytePointer(512);
             LongPointer free = new LongPointer(1); LongPointer total = new LongPointer(1)) {
            for (int i = 0; i < n; i++) {
                int type = LlamaNative.bs_llama_device_info(i, name, 256, desc, 512, free, total);
                if (type < 0) {
                    throw new LlamaFailure(LlamaNative.lastError());
                }
                out.add(new Device(cString(name), cString(desc),
                        type < DEVICE_TYPES.length ? DEVICE_TYPES[type] : "type " + type, free.get(), total.get()));
            }
        }
        return out;
    }

    /** The NUL-terminated string in a buffer (getString reads the buffer's whole capacity). */
    private static String cString(BytePointer p) {
        String s = p.getString(StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    /** llama.cpp's line of CPU features of the open runtime. */
    public static synchronized String systemInfo() {
        if (opened == null) {
            return "";
        }
        BytePointer p = LlamaNative.bs_llama_system_info();
        return p == null ? "" : p.getString(StandardCharsets.UTF_8).trim();
    }

    private static void requireGpu(Build b, int gpuLayers) {
        if (!b.gpu()) {
            throw new BadInputException("--gpu-layers " + gpuLayers + " needs a GPU build of llama.cpp; this process "
                    + "runs the " + b.name() + " build, which computes on the CPU only (--llama-runtime cuda|vulkan, "
                    + "after 'babelscope runtime install cuda|vulkan')");
        }
        List<Device> gpus = devices().stream().filter(Device::gpu).toList();
        if (gpus.isEmpty()) {
            throw new BadInputException("--gpu-layers " + gpuLayers + ": the llama.cpp " + b.name() + " build found "
                    + "no GPU device here (" + (b.name().equals("cuda")
                            ? "it needs an NVIDIA driver for CUDA 13 and libcudart.so.13 and libcublas.so.13"
                            : b.name().equals("vulkan") ? "it needs a Vulkan driver and libvulkan.so.1"
                                    : "its backends loaded no GPU")
                    + "; run with BABELSCOPE_DEBUG=1 to see llama.cpp's log)");
        }
    }

    private static Optional<String> setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
