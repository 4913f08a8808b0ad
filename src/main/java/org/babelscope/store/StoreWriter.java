package org.babelscope.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;

/**
 * Creates an embedding store, or resumes one that an interrupted run left behind.
 *
 * <p>Crash safety rests on ordering: a view is streamed to {@code <name>.npy.tmp}, checksummed
 * while written, forced to disk and only then renamed atomically to {@code <name>.npy}; the
 * manifest is rewritten (also through a temporary file and an atomic rename) only after that. So
 * a final-named .npy is always complete, and the manifest never lists a view whose file is not.
 * A resumed run asks {@link #hasView} to skip views already done, and {@link #create} deletes
 * the temporary files a crash left.
 */
public final class StoreWriter {
    /** Produces the items x dim matrix of one layer slot; called once per slot, in order. */
    @FunctionalInterface
    public interface LayerSource {
        FloatMatrix layer(int slot) throws IOException;
    }

    private static final Pattern VIEW_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String TMP = ".tmp";

    private final Path dir;
    private final Dtype dtype;
    private Manifest manifest;

    private StoreWriter(Path dir, Dtype dtype, Manifest manifest) {
        this.dir = dir;
        this.dtype = dtype;
        this.manifest = manifest;
    }

    /**
     * Opens {@code dir} for writing, creating it if needed. {@code base} carries the layers and
     * the optional model, pooling, dtype (f32 when absent) and corpus; it must have no views. If
     * the directory already holds a manifest, its views are kept for resuming, provided it
     * describes the same capture (same layers, and no conflicting dtype, pooling, model or corpus).
     */
    public static StoreWriter create(Path dir, Manifest base) throws IOException {
        if (!base.views().isEmpty()) {
            throw new IllegalArgumentException("the base manifest must have no views; they are added as written");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException("cannot create a store at " + dir + ": it is a file");
        }
        Files.createDirectories(dir);
        deleteLeftovers(dir);
        Path manifestFile = dir.resolve(Manifest.FILE_NAME);
        if (Files.exists(manifestFile)) {
            Manifest existing = Manifest.read(manifestFile);
            Manifest merged = resume(existing, base, dir);
            // A hand-made store may list no dtype (its views may even mix f32 and f16): write the
            // requested dtype, but do not claim one for the files already there.
            Dtype dtype = base.dtype().or(existing::dtype).orElse(Dtype.F32);
            return new StoreWriter(dir, dtype, merged);
        }
        Dtype dtype = base.dtype().orElse(Dtype.F32);
        return new StoreWriter(dir, dtype, base.withDtype(dtype));
    }

    /** Temporary files from an interrupted write are incomplete by construction. */
    private static void deleteLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(".npy" + TMP) || name.equals(Manifest.FILE_NAME + TMP)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The manifest on disk, with the base's model, pooling and corpus filled in where it had none. */
    private static Manifest resume(Manifest existing, Manifest base, Path dir) {
        if (!existing.layers().equals(base.layers())) {
            throw conflict(dir, "layers", existing.layers(), base.layers());
        }
        checkSame(dir, "dtype", existing.dtype(), base.dtype());
        checkSame(dir, "pooling", existing.pooling(), base.pooling());
        if (!existing.steer().equals(base.steer())) {
            // Steered and unsteered states must never share a store.
            throw conflict(dir, "steering", existing.steer().orElse("none"), base.steer().orElse("none"));
        }
        checkSame(dir, "model sha256", existing.model().map(Manifest.ModelInfo::sha256),
                base.model().map(Manifest.ModelInfo::sha256));
        checkItemCount(dir, existing.corpus(), base.corpus());
        checkSame(dir, "corpus sha256", existing.corpus().map(Manifest.CorpusInfo::sha256),
                base.corpus().map(Manifest.CorpusInfo::sha256));
        checkSame(dir, "corpus n_items", existing.corpus().map(Manifest.CorpusInfo::nItems),
                base.corpus().map(Manifest.CorpusInfo::nItems));
        Manifest merged = existing;
        if (existing.pooling().isEmpty() && base.pooling().isPresent()) {
            merged = merged.withPooling(base.pooling().get());
        }
        if (existing.model().isEmpty() && base.model().isPresent()) {
            merged = merged.withModel(base.model().get());
        }
        if (existing.corpus().isEmpty() && base.corpus().isPresent()) {
            merged = merged.withCorpus(base.corpus().get());
        }
        return merged;
    }

    /**
     * A different number of items changes the corpus digest too; say so first, since a rerun with
     * another {@code --limit} is the usual cause and "corpus sha256 X, this run has Y" hides it.
     */
    private static void checkItemCount(Path dir, Optional<Manifest.CorpusInfo> existing,
            Optional<Manifest.CorpusInfo> requested) {
        Integer had = existing.map(Manifest.CorpusInfo::nItems).orElse(null);
        Integer has = requested.map(Manifest.CorpusInfo::nItems).orElse(null);
        if (had == null || has == null || had.equals(has)) {
            return;
        }
        String digests = existing.get().sha256() != null && requested.get().sha256() != null
                && !existing.get().sha256().equals(requested.get().sha256())
                ? " (so the corpus sha256 differs too: " + existing.get().sha256() + ", this run has "
                        + requested.get().sha256() + ")" : "";
        throw new BadInputException("store " + dir + " was made with " + had + " items per view, this run has " + has
                + digests + "; the number of items is what differs, which --limit sets: rerun with --limit " + had
                + " to resume this store, or write to a new directory or remove the old store");
    }

    private static <T> void checkSame(Path dir, String what, Optional<T> existing, Optional<T> requested) {
        if (existing.isPresent() && requested.isPresent() && !Objects.equals(existing.get(), requested.get())) {
            throw conflict(dir, what, existing.get(), requested.get());
        }
    }

    private static BadInputException conflict(Path dir, String what, Object existing, Object requested) {
        return new BadInputException("store " + dir + " was made with " + what + " " + existing + ", this run has "
                + requested + "; write to a new directory or remove the old store");
    }

    public Path dir() {
        return dir;
    }

    /** The manifest as last written (or as found, when resuming and nothing was written yet). */
    public Manifest manifest() {
        return manifest;
    }

    /** The dtype views are written in. */
    public Dtype dtype() {
        return dtype;
    }

    /**
     * Whether {@code name} is complete: the manifest lists it with a checksum and its file exists
     * with that checksum. Reads the whole file to hash it.
     */
    public boolean hasView(String name) throws IOException {
        Optional<Manifest.ViewEntry> entry = manifest.view(name);
        if (entry.isEmpty() || entry.get().sha256() == null) {
            return false;
        }
        Path file = dir.resolve(entry.get().file());
        return Files.isRegularFile(file) && Sha256.ofFile(file).equalsIgnoreCase(entry.get().sha256());
    }

    /**
     * Writes view {@code name} ({@code <name>.npy}, shape [layers, items, dim]) from one matrix per
     * layer slot, then records it in the manifest. Replaces a view of the same name.
     */
    public void writeView(String name, int items, int dim, LayerSource source) throws IOException {
        checkViewName(name);
        if (items < 1 || dim < 1) {
            throw new IllegalArgumentException("view " + name + " must have items and dim >= 1, got " + items + " x " + dim);
        }
        checkAlignsWithOtherViews(name, items, dim);
        int layers = manifest.layers().size();
        String fileName = name + ".npy";
        Path tmp = dir.resolve(fileName + TMP);
        String sha256;
        try (NpyWriter out = NpyWriter.create(tmp, dtype, layers, items, dim)) {
            for (int slot = 0; slot < layers; slot++) {
                FloatMatrix m = source.layer(slot);
                if (m.rows() != items || m.cols() != dim) {
                    throw new IllegalStateException("layer slot " + slot + " of view " + name + " is " + m.rows()
                            + " x " + m.cols() + ", expected " + items + " x " + dim);
                }
                out.write(m);
            }
            sha256 = out.finish();
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        manifest = manifest.withView(name, new Manifest.ViewEntry(fileName, layers, items, dim, sha256));
        writeManifest();
    }

    private static void checkViewName(String name) {
        if (!VIEW_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new BadInputException("view name \"" + name + "\" may only contain letters, digits, '_', '.' and '-'");
        }
    }

    /** A view that cannot be compared item by item with the others would make the store unreadable. */
    private void checkAlignsWithOtherViews(String name, int items, int dim) {
        for (var e : manifest.views().entrySet()) {
            if (!e.getKey().equals(name) && (e.getValue().items() != items || e.getValue().dim() != dim)) {
                throw new BadInputException("view \"" + name + "\" has " + items + " items x " + dim + " dims but view \""
                        + e.getKey() + "\" of store " + dir + " has " + e.getValue().items() + " x "
                        + e.getValue().dim() + "; all views of a store must align");
            }
        }
    }

    private void writeManifest() throws IOException {
        Path tmp = dir.resolve(Manifest.FILE_NAME + TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(manifest.toJson().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(Manifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /**
     * Makes the renames durable: on Linux a rename reaches the disk with the directory, not the
     * file. Some systems cannot open a directory for syncing; there this is skipped, as the rename
     * is still atomic, only possibly lost (and redone on resume) after a power cut.
     */
    private void syncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // See above: durability only, never correctness.
        }
    }

    /**
     * Writes {@code data[layer][item][j]} as a C-order .npy v1.0 file of {@code dtype}, outside any
     * store; handy for tests and exports.
     *
     * @return the file's SHA-256, lowercase hex
     */
    public static String writeNpy(Path file, Dtype dtype, float[][][] data) throws IOException {
        int layers = data.length;
        int items = layers == 0 ? 0 : data[0].length;
        int dim = items == 0 ? 0 : data[0][0].length;
        try (NpyWriter out = NpyWriter.create(file, dtype, layers, items, dim)) {
            for (int l = 0; l < layers; l++) {
                if (data[l].length != items) {
                    throw new IllegalArgumentException("layer " + l + " has " + data[l].length + " items, layer 0 has " + items);
                }
                for (int i = 0; i < items; i++) {
                    if (data[l][i].length != dim) {
                        throw new IllegalArgumentException("layer " + l + " item " + i + " has " + data[l][i].length
                                + " values, expected " + dim);
                    }
                    out.write(data[l][i]);
                }
            }
            return out.finish();
        }
    }
}
