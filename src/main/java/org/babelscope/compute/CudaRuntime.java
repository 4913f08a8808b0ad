package org.babelscope.compute;

import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaErrorInsufficientDriver;
import static org.bytedeco.cuda.global.cudart.cudaErrorNoDevice;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;

import java.util.Optional;
import org.bytedeco.javacpp.Loader;

/**
 * Whether the CUDA backend can run in this process, decided once: the CUDA 13 runtime loads, a
 * driver new enough for it sees a device, this build holds the CUDA kernels (nvcc was found when
 * it was built), and cuBLAS and cuSOLVER load. Each failure has its own one-line reason, which
 * {@code --backend auto} logs and {@code --backend cuda} reports with exit code 2.
 */
final class CudaRuntime {
    private static Optional<String> reason;

    private CudaRuntime() {
    }

    static synchronized Optional<String> unavailableReason() {
        if (reason == null) {
            reason = probe();
        }
        return reason;
    }

    /** @throws BackendUnavailableException with the reason, when CUDA cannot run here */
    static void requireAvailable() {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            throw new BackendUnavailableException("--backend cuda: " + why.get() + "; use --backend cpu or auto");
        }
    }

    /** "13.0" from 13000. */
    static String version(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }

    private static Optional<String> probe() {
        // The JNI glue of our kernels is generated only where nvcc built them (Loader's platform
        // folder); without it nothing else matters.
        if (CudaRuntime.class.getResource(Loader.getPlatform() + "/libjniCudaKernelsNative.so") == null) {
            return Optional.of("this build has no CUDA kernels (built without CUDA 13's nvcc, or with -Dbs.cuda=OFF)");
        }
        try {
            Loader.load(org.bytedeco.cuda.global.cudart.class);
        } catch (Throwable e) { // UnsatisfiedLinkError, or NoClassDefFoundError after one
            String cause = rootCause(e);
            if (cause.contains("libcuda.so")) {
                return Optional.of("no NVIDIA driver found (" + cause + "), so no CUDA device is usable");
            }
            return Optional.of("the CUDA 13 runtime could not be loaded (" + cause
                    + "); install a CUDA 13 toolkit or runtime");
        }
        int[] driver = {0};
        int[] runtime = {0};
        cudaDriverGetVersion(driver);
        cudaRuntimeGetVersion(runtime);
        int[] count = {0};
        int rc = cudaGetDeviceCount(count);
        if (rc == cudaErrorInsufficientDriver) {
            return Optional.of(driver[0] == 0
                    ? "no NVIDIA driver found (libcuda.so.1), so no CUDA device is usable"
                    : "the NVIDIA driver supports CUDA " + version(driver[0]) + ", older than the runtime's "
                            + version(runtime[0]) + "; update the driver");
        }
        if (rc == cudaErrorNoDevice || (rc == 0 && count[0] == 0)) {
            return Optional.of("no CUDA device found");
        }
        if (rc != 0) {
            return Optional.of("CUDA could not list devices: " + cudaGetErrorString(rc).getString());
        }
        try {
            Loader.load(CudaKernelsNative.class);
        } catch (Throwable e) {
            return Optional.of("this build has no CUDA kernels (built without CUDA 13's nvcc, or with -Dbs.cuda=OFF: "
                    + rootCause(e) + ")");
        }
        try {
            Loader.load(org.bytedeco.cuda.global.cublas.class);
            Loader.load(org.bytedeco.cuda.global.cusolver.class);
        } catch (Throwable e) {
            return Optional.of("cuBLAS or cuSOLVER of CUDA 13 could not be loaded (" + rootCause(e)
                    + "); install the CUDA 13 toolkit's math libraries");
        }
        return Optional.empty();
    }

    /**
     * The innermost cause's message, without the extracted library's path: JavaCPP reports "no
     * jnicudart in java.library.path" and keeps the dynamic linker's own words ("/…/libjnicudart.so:
     * libcuda.so.1: cannot open shared object file") as the cause.
     */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        int path = m.indexOf(" in java.library.path");
        if (path >= 0) {
            m = m.substring(0, path); // "no jnicudart", not the whole search path
        }
        int so = m.indexOf(".so: ");
        return so >= 0 && m.startsWith("/") ? m.substring(so + 5) : m;
    }
}
