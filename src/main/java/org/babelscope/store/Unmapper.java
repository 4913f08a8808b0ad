package org.babelscope.store;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Releases a memory mapping at once instead of when the garbage collector finds its buffer.
 * Reading a store maps one region per (view, layer); with buffers reused, little garbage is made,
 * the collector seldom runs, and tens of thousands of stale mappings could pile up to the
 * kernel's limit (vm.max_map_count, 65530 by default). Java 17 has no public unmap, so this uses
 * {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, open by default), as Lucene did;
 * where it is missing, mappings are left to the collector. Callers must not touch a buffer after
 * unmapping it: NpyArray's mappings never leave the method that makes them.
 */
final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> cls = Class.forName("sun.misc.Unsafe");
            Field f = cls.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            invokeCleaner = cls.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private Unmapper() {
    }

    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The mapping stays until the buffer is collected: correct, only later.
        }
    }
}
