package org.babelscope.compute;

import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaGetLastError;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The CUDA backend's device memory: named buffers that stay allocated across calls and only grow,
 * so that an analysis of many languages and layers allocates once (cudaMalloc synchronises the
 * device and costs far more than the kernels on small inputs). Freed by {@link #close()}.
 */
final class DeviceBuffers implements AutoCloseable {
    private record Buffer(Pointer address, long bytes) {
    }

    private final Map<String, Buffer> buffers = new HashMap<>();

    FloatPointer floats(String name, long count) {
        return new FloatPointer(bytes(name, count * Float.BYTES));
    }

    LongPointer longs(String name, long count) {
        return new LongPointer(bytes(name, count * Long.BYTES));
    }

    DoublePointer doubles(String name, long count) {
        return new DoublePointer(bytes(name, count * Double.BYTES));
    }

    /** The buffer called name, at least bytes long; its contents are undefined after growing. */
    Pointer bytes(String name, long bytes) {
        Buffer b = buffers.get(name);
        if (b != null && b.bytes() >= bytes) {
            return b.address();
        }
        if (b != null) {
            buffers.remove(name);
            cudaFree(b.address());
        }
        long size = Math.max(bytes, 256); // never a zero-byte allocation
        Pointer p = new Pointer();
        int rc = cudaMalloc(p, size);
        if (rc != 0) {
            cudaGetLastError(); // reported here: the next kernel launch must not inherit it
        }
        if (rc == cudaErrorMemoryAllocation) {
            throw new KernelException(String.format(java.util.Locale.ROOT,
                    "out of GPU memory: %.1f MiB for '%s' did not fit (%s); lower --tile-mb or use --backend cpu",
                    size / 1048576.0, name, memoryLine()));
        }
        CudaKernels.check(rc, "allocating device memory for " + name);
        buffers.put(name, new Buffer(p, size));
        return p;
    }

    /** Free and total device memory, for messages. */
    static String memoryLine() {
        long[] freeAndTotal = freeAndTotal();
        return String.format(java.util.Locale.ROOT, "%.0f of %.0f MiB free", freeAndTotal[0] / 1048576.0,
                freeAndTotal[1] / 1048576.0);
    }

    static long[] freeAndTotal() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaKernels.check(cudaMemGetInfo(free, total), "querying device memory");
            return new long[] {free.get(), total.get()};
        }
    }

    /** Bytes held by the buffers. */
    long held() {
        return buffers.values().stream().mapToLong(Buffer::bytes).sum();
    }

    @Override
    public void close() {
        for (Buffer b : buffers.values()) {
            cudaFree(b.address());
        }
        buffers.clear();
    }
}
