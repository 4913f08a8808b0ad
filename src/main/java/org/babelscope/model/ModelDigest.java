package org.babelscope.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.babelscope.report.ResultFiles;
import org.babelscope.store.Sha256;

/**
 * The SHA-256 a store's manifest records for its model. Hashing a model file costs about 1 s per
 * gigabyte even from the page cache (measured on a 770 MB model, 2 cores: capture start 2.57-2.71 s
 * hashing, 1.95 s from this cache), more when it is read from disk, and was paid again at every capture, resume and demo run, so digests
 * are remembered in a small cache keyed by the file's real path, size and modification time: a
 * file changed in place gets a new size or time and is hashed again.
 *
 * <p>The cache lives in {@code -Dbabelscope.cache}, else {@code $XDG_CACHE_HOME/babelscope}, else
 * {@code ~/.cache/babelscope}. When it cannot be read or written, the digest is simply computed.
 */
public final class ModelDigest {
    private static final String FILE = "model-digests.properties";

    private ModelDigest() {
    }

    public static synchronized String sha256(Path model) throws IOException {
        Path real = model.toRealPath();
        String key = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
        Path cacheFile = cacheDir().resolve(FILE);
        Properties cache = read(cacheFile);
        String known = cache.getProperty(key);
        if (known != null) {
            return known;
        }
        String digest = Sha256.ofFile(real);
        cache.setProperty(key, digest);
        write(cacheFile, cache);
        return digest;
    }

    static Path cacheDir() {
        String prop = System.getProperty("babelscope.cache");
        if (prop != null) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("babelscope");
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException unreadable) {
                return new Properties(); // a damaged cache is only a slower start
            }
        }
        return p;
    }

    private static void write(Path file, Properties p) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            p.store(bytes, "babelscope: SHA-256 of model files, by path|size|mtime");
            ResultFiles.writeAtomically(file, bytes.toByteArray());
        } catch (IOException unwritable) {
            // no cache: the next run hashes again
        }
    }
}
