package org.babelscope.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelscope.BadInputException;

/**
 * A read-only embedding store: a directory with manifest.json and one [layers, items, dim] .npy
 * file per view. Opening checks everything that is cheap to check (the manifest, every file's
 * header and length, and that all views agree on items and dim), so a bad store fails at once
 * with a message naming the file, not midway through a long computation. Values are not scanned:
 * the kernels reject NaN and infinity as they go. Checksums are not verified here either (that
 * reads every byte); {@link StoreWriter#hasView} does it when resuming.
 */
public final class EmbeddingStore implements AutoCloseable {
    private final Path dir;
    private final Manifest manifest;
    private final Map<String, StoreView> views;
    private final int items;
    private final int dim;
    private boolean closed;

    private EmbeddingStore(Path dir, Manifest manifest, Map<String, StoreView> views, int items, int dim) {
        this.dir = dir;
        this.manifest = manifest;
        this.views = views;
        this.items = items;
        this.dim = dim;
    }

    /** Opens and validates the store in {@code dir}. */
    public static EmbeddingStore open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(Files.exists(dir)
                    ? dir + " is a file; an embedding store is a directory holding " + Manifest.FILE_NAME
                    : "embedding store " + dir + " does not exist");
        }
        Manifest manifest = Manifest.read(dir.resolve(Manifest.FILE_NAME));
        Map<String, StoreView> views = new LinkedHashMap<>();
        StoreView first = null;
        for (Map.Entry<String, Manifest.ViewEntry> e : manifest.views().entrySet()) {
            StoreView view = openView(dir, manifest, e.getKey(), e.getValue());
            if (first == null) {
                first = view;
            } else if (view.items() != first.items() || view.dim() != first.dim()) {
                throw new BadInputException("store " + dir + " has views with different item counts or dimensions: \""
                        + first.name() + "\" is " + first.items() + " items x " + first.dim() + " dims, \""
                        + view.name() + "\" is " + view.items() + " items x " + view.dim()
                        + " dims; all views of a store must align item by item");
            }
            views.put(e.getKey(), view);
        }
        checkMetadata(dir, manifest, first);
        return new EmbeddingStore(dir, manifest, views, first.items(), first.dim());
    }

    private static StoreView openView(Path dir, Manifest manifest, String name, Manifest.ViewEntry entry)
            throws IOException {
        Path file = dir.resolve(entry.file());
        if (!Files.exists(file)) {
            throw new BadInputException("store " + dir + " lists view \"" + name + "\" in file " + entry.file()
                    + ", which does not exist");
        }
        NpyHeader header = Npy.readHeader(file);
        if (header.ndim() != 3 || header.dim(0) != entry.layers() || header.dim(1) != entry.items()
                || header.dim(2) != entry.dim()) {
            throw new BadInputException("view \"" + name + "\": " + file + " has shape " + header.shapeText()
                    + " but the manifest says " + entry.shapeText());
        }
        manifest.dtype().ifPresent(d -> {
            if (d != header.dtype()) {
                throw new BadInputException("view \"" + name + "\": " + file + " holds " + header.dtype()
                        + " but the manifest says dtype " + d);
            }
        });
        return new StoreView(name, file, header);
    }

    /** Optional metadata, when present, must agree with the data. */
    private static void checkMetadata(Path dir, Manifest manifest, StoreView view) {
        manifest.corpus().map(Manifest.CorpusInfo::nItems).ifPresent(n -> {
            if (n != view.items()) {
                throw new BadInputException("store " + dir + ": the manifest's corpus has n_items " + n
                        + " but the views hold " + view.items() + " items");
            }
        });
        manifest.model().map(Manifest.ModelInfo::nEmbd).ifPresent(n -> {
            if (n != view.dim()) {
                throw new BadInputException("store " + dir + ": the manifest's model has n_embd " + n
                        + " but the views hold vectors of " + view.dim());
            }
        });
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The model layer index of each slot. */
    public List<Integer> layers() {
        return manifest.layers();
    }

    /** The slot holding model layer {@code layer}. */
    public int slotOf(int layer) {
        int slot = manifest.layers().indexOf(layer);
        if (slot < 0) {
            throw new BadInputException("store " + dir + " has no layer " + layer + "; it holds layers "
                    + manifest.layers());
        }
        return slot;
    }

    /** View names in manifest order. */
    public List<String> viewNames() {
        return new ArrayList<>(views.keySet());
    }

    public boolean hasView(String name) {
        return views.containsKey(name);
    }

    /** Items per view, the same in every view. */
    public int items() {
        return items;
    }

    /** Vector dimension, the same in every view. */
    public int dim() {
        return dim;
    }

    public StoreView view(String name) {
        checkOpen();
        StoreView view = views.get(name);
        if (view == null) {
            throw new BadInputException("store " + dir + " has no view \"" + name + "\"; it has "
                    + String.join(", ", views.keySet()));
        }
        return view;
    }

    /**
     * Ends the use of the store. No file is held open between reads (see {@link StoreView}), so
     * this releases nothing; it makes later {@link #view} calls fail, catching use after close.
     */
    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store " + dir + " is closed");
        }
    }
}
