package org.babelscope.model.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Loads llama.cpp once per process, in the order that makes java-llama.cpp and babelscope's shim
 * share it: java-llama.cpp's {@code libjllama.so} first (its class initialiser loads it), then the
 * shim, whose dependency on {@code libjllama.so} the dynamic linker binds to the copy already loaded.
 */
public final class LlamaLibrary {
    private static boolean initialised;

    private LlamaLibrary() {
    }

    /**
     * Loads and initialises the shim. llama.cpp's own log stays off the terminal unless
     * {@code BABELSCOPE_DEBUG} is set or {@code -Dbabelscope.llama.log=true}; its error lines still
     * reach the messages babelscope prints.
     */
    public static synchronized void init() {
        if (initialised) {
            return;
        }
        boolean verbose = System.getenv("BABELSCOPE_DEBUG") != null || Boolean.getBoolean("babelscope.llama.log");
        LlamaNative.bs_llama_init(verbose ? 0 : 1);
        initialised = true;
    }

    /**
     * Runs java-llama.cpp's loader. It extracts {@code libjllama.so} into
     * {@code de.kherud.llama.tmpdir} and, when the JVM exits, deletes every {@code jllama*} and
     * {@code llama*} entry of that folder: unless the user chose one, each process gets a folder of
     * its own, so parallel runs do not delete each other's library.
     */
    static void loadJavaLlama() {
        if (System.getProperty("de.kherud.llama.tmpdir") == null) {
            Path base = Path.of(System.getProperty("java.io.tmpdir"),
                    "babelscope-jllama-" + System.getProperty("user.name", "user"));
            Path mine = base.resolve(Long.toString(ProcessHandle.current().pid()));
            sweepEmptyFolders(base);
            System.setProperty("de.kherud.llama.tmpdir", mine.toString());
        }
        try {
            Files.createDirectories(Path.of(System.getProperty("de.kherud.llama.tmpdir")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for java-llama.cpp's library", e);
        }
        // Its loader prints where it extracted the library to stdout, which belongs to results:
        // shown on stderr when debugging, dropped otherwise (its errors go to stderr anyway).
        java.io.PrintStream stdout = System.out;
        System.setOut(System.getenv("BABELSCOPE_DEBUG") != null ? System.err
                : new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, LlamaLibrary.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("java-llama.cpp (de.kherud:llama) is not on the class path", e);
        } finally {
            System.setOut(stdout);
        }
    }

    /** Earlier processes leave their folder empty behind; remove those (never a folder in use). */
    private static void sweepEmptyFolders(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(base)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                try (Stream<Path> inside = Files.list(d)) {
                    if (inside.findAny().isEmpty()) {
                        Files.deleteIfExists(d);
                    }
                } catch (IOException ignored) {
                    // another process may be using or removing it: leave it
                }
            });
        } catch (IOException ignored) {
            // nothing to sweep
        }
    }
}
