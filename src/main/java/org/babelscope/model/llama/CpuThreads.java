package org.babelscope.model.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default thread count for llama.cpp: the cores idle now, not all cores. llama.cpp's workers
 * meet at a barrier after every operation of the graph; when another process holds a core, the
 * worker on it is descheduled and all the others wait for it. Measured on 2 cores with two busy
 * processes beside, 100 texts of the demo model (6 layers, n_embd 128): 26.6 s with 2 threads,
 * 3.6 s with 1 (b4916: 35.3 s and 4.4 s); a polling level of 0 (workers sleep instead of spin) did
 * not help (34.4 s). On an idle machine the idle cores are all cores.
 */
public final class CpuThreads {
    private static final long SAMPLE_MILLIS = 100;
    private static volatile Integer cached;

    private CpuThreads() {
    }

    /** The cores that were idle over a short sample at the first call, at least 1. */
    public static int idleCores() {
        Integer c = cached;
        if (c == null) {
            c = measure();
            cached = c;
        }
        return c;
    }

    private static int measure() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            long[] a = idleAndTotal();
            Thread.sleep(SAMPLE_MILLIS);
            long[] b = idleAndTotal();
            long total = b[1] - a[1];
            if (total <= 0) {
                return cores;
            }
            // /proc/stat counts every core of the machine; the JVM may see fewer (a cgroup or affinity).
            int machineCores = Math.max(1, (int) b[2]);
            double idle = (double) (b[0] - a[0]) / total * machineCores;
            return Math.max(1, Math.min(cores, (int) Math.round(idle)));
        } catch (IOException | RuntimeException e) {
            return cores; // no /proc: the old default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cores;
        }
    }

    /** Idle (idle + iowait) and total jiffies over all cores, and the number of cores listed. */
    private static long[] idleAndTotal() throws IOException {
        long idle = 0;
        long total = 0;
        long cpus = 0;
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                cpus++;
            } else if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                for (int i = 1; i < f.length && i <= 8; i++) {
                    long v = Long.parseLong(f[i]);
                    total += v;
                    if (i == 4 || i == 5) {
                        idle += v;
                    }
                }
            }
        }
        return new long[] {idle, total, cpus};
    }
}
