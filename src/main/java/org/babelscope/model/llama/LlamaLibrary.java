package org.babelscope.model.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * java-llama.cpp's side of the process: its loader extracts and loads {@code libjllama.so}
 * (llama.cpp b4916), which the {@code java-llama} runtime then opens through the shim by the same
 * path, so both share one copy of llama.cpp.
 */
public final class LlamaLibrary {
    private LlamaLibrary() {
    }

    /**
     * Where the loaded {@code libjllama.so} is, read from the process's own memory map: java-llama.cpp
     * may have taken it from its extraction folder, {@code de.kherud.llama.lib.path} or
     * {@code java.library.path}, and the shim must open that very file to share its state.
     */
    static Path javaLlamaPath() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(f -> f.endsWith("/libjllama.so"))
                    .findFirst().map(Path::of)
                    .orElseThrow(() -> new IllegalStateException("java-llama.cpp's libjllama.so is not loaded"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/maps", e);
        }
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
