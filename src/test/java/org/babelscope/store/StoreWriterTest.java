package org.babelscope.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreWriterTest {
    @TempDir
    Path dir;

    private static Manifest base(Dtype dtype) {
        return Manifest.create(List.of(0, 2, 4))
                .withModel(new Manifest.ModelInfo("/models/tiny.gguf", "aa11", "llama", 8, 6))
                .withPooling("last")
                .withDtype(dtype)
                .withCorpus(new Manifest.CorpusInfo("flores-dev", "bb22", 4));
    }

    private static StoreWriter.LayerSource from(float[][][] data) {
        return slot -> FloatMatrix.of(data[slot]);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesViewsAtomicallyWithChecksums() throws Exception {
        float[][][] eng = TestFiles.randomData(20, 3, 4, 6);
        float[][][] fra = TestFiles.randomData(21, 3, 4, 6);
        StoreWriter w = StoreWriter.create(dir, base(Dtype.F32));
        assertFalse(Files.exists(dir.resolve("manifest.json")), "no manifest before the first view");
        w.writeView("eng_Latn", 4, 6, from(eng));
        assertEquals(List.of("eng_Latn.npy", "manifest.json"), fileNames());
        w.writeView("fra_Latn.opt2", 4, 6, from(fra));
        assertEquals(List.of("eng_Latn.npy", "fra_Latn.opt2.npy", "manifest.json"), fileNames());

        Manifest m = Manifest.read(dir.resolve("manifest.json"));
        assertEquals(List.of("eng_Latn", "fra_Latn.opt2"), List.copyOf(m.views().keySet()));
        assertEquals(sha256(dir.resolve("eng_Latn.npy")), m.view("eng_Latn").orElseThrow().sha256());
        assertEquals(sha256(dir.resolve("fra_Latn.opt2.npy")), m.view("fra_Latn.opt2").orElseThrow().sha256());
        assertEquals("llama", m.model().orElseThrow().architecture());
        assertEquals("last", m.pooling().orElseThrow());

        try (EmbeddingStore store = EmbeddingStore.open(dir)) {
            assertEquals(List.of(0, 2, 4), store.layers());
            for (int slot = 0; slot < 3; slot++) {
                FloatMatrix layer = store.view("fra_Latn.opt2").layer(slot);
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(fra[slot][i], layer.row(i));
                }
            }
        }
    }

    @Test
    void writesFloat16Stores() throws Exception {
        float[][][] eng = TestFiles.randomData(22, 3, 4, 6);
        StoreWriter w = StoreWriter.create(dir, base(Dtype.F16));
        w.writeView("eng", 4, 6, from(eng));
        assertEquals(128 + 3 * 4 * 6 * 2, Files.size(dir.resolve("eng.npy")));
        try (EmbeddingStore store = EmbeddingStore.open(dir)) {
            assertEquals(Dtype.F16, store.view("eng").dtype());
            assertEquals(Half.toFloat(Half.fromFloat(eng[2][3][5])), store.view("eng").layer(2).get(3, 5), 0f);
        }
    }

    @Test
    void resumesAndDetectsCorruptViews() throws Exception {
        StoreWriter w = StoreWriter.create(dir, base(Dtype.F32));
        w.writeView("eng", 4, 6, from(TestFiles.randomData(23, 3, 4, 6)));
        w.writeView("fra", 4, 6, from(TestFiles.randomData(24, 3, 4, 6)));
        w.writeView("deu", 4, 6, from(TestFiles.randomData(25, 3, 4, 6)));

        // Corrupt one value of fra without changing its length; delete deu.
        byte[] bytes = Files.readAllBytes(dir.resolve("fra.npy"));
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(dir.resolve("fra.npy"), bytes);
        Files.delete(dir.resolve("deu.npy"));

        StoreWriter resumed = StoreWriter.create(dir, base(Dtype.F32));
        assertTrue(resumed.hasView("eng"));
        assertFalse(resumed.hasView("fra"), "checksum no longer matches");
        assertFalse(resumed.hasView("deu"), "file is gone");
        assertFalse(resumed.hasView("spa"), "never written");

        resumed.writeView("fra", 4, 6, from(TestFiles.randomData(24, 3, 4, 6)));
        assertTrue(StoreWriter.create(dir, base(Dtype.F32)).hasView("fra"));
        assertEquals(List.of("eng", "fra", "deu"),
                List.copyOf(Manifest.read(dir.resolve("manifest.json")).views().keySet()));
    }

    @Test
    void createDeletesLeftoverTemporaryFiles() throws IOException {
        StoreWriter.create(dir, base(Dtype.F32)).writeView("eng", 4, 6, from(TestFiles.randomData(26, 3, 4, 6)));
        Files.writeString(dir.resolve("fra.npy.tmp"), "half a file");
        Files.writeString(dir.resolve("manifest.json.tmp"), "{\"form");
        Files.writeString(dir.resolve("notes.txt"), "the user's own file");
        StoreWriter.create(dir, base(Dtype.F32));
        assertEquals(List.of("eng.npy", "manifest.json", "notes.txt"), fileNames());
    }

    @Test
    void failingSourceLeavesNoFileAndNoEntry() throws IOException {
        StoreWriter w = StoreWriter.create(dir, base(Dtype.F32));
        w.writeView("eng", 4, 6, from(TestFiles.randomData(27, 3, 4, 6)));
        float[][][] fra = TestFiles.randomData(28, 3, 4, 6);
        IOException e = assertThrows(IOException.class, () -> w.writeView("fra", 4, 6, slot -> {
            if (slot == 2) {
                throw new IOException("model crashed");
            }
            return FloatMatrix.of(fra[slot]);
        }));
        assertEquals("model crashed", e.getMessage());
        assertEquals(List.of("eng.npy", "manifest.json"), fileNames());
        assertFalse(Manifest.read(dir.resolve("manifest.json")).view("fra").isPresent());
    }

    @Test
    void wrongLayerShapeFromSourceIsRejected() throws IOException {
        StoreWriter w = StoreWriter.create(dir, base(Dtype.F32));
        assertThrows(IllegalStateException.class, () -> w.writeView("eng", 4, 6, slot -> FloatMatrix.allocate(4, 5)));
        assertEquals(List.of(), fileNames());
    }

    @Test
    void rejectsBadViewNames() throws IOException {
        StoreWriter w = StoreWriter.create(dir, base(Dtype.F32));
        for (String name : new String[] {"../evil", "a/b", "", "..", "sp ace", "ünï"}) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> w.writeView(name, 4, 6, from(TestFiles.randomData(29, 3, 4, 6))), name);
            assertTrue(e.getMessage().contains("view name"), e.getMessage());
        }
    }

    @Test
    void rejectsMisalignedViews() throws IOException {
        StoreWriter w = StoreWriter.create(dir, base(Dtype.F32));
        w.writeView("eng", 4, 6, from(TestFiles.randomData(30, 3, 4, 6)));
        BadInputException e = assertThrows(BadInputException.class,
                () -> w.writeView("fra", 5, 6, from(TestFiles.randomData(31, 3, 5, 6))));
        assertTrue(e.getMessage().contains("\"eng\"") && e.getMessage().contains("\"fra\""), e.getMessage());
    }

    @Test
    void refusesToResumeADifferentCapture() throws IOException {
        StoreWriter.create(dir, base(Dtype.F32)).writeView("eng", 4, 6, from(TestFiles.randomData(32, 3, 4, 6)));
        BadInputException e = assertThrows(BadInputException.class,
                () -> StoreWriter.create(dir, base(Dtype.F16)));
        assertTrue(e.getMessage().contains("dtype"), e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> StoreWriter.create(dir, Manifest.create(List.of(0, 1, 2))));
        assertTrue(e.getMessage().contains("layers"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> StoreWriter.create(dir,
                base(Dtype.F32).withModel(new Manifest.ModelInfo(null, "other", null, null, null))));
        assertTrue(e.getMessage().contains("model sha256"), e.getMessage());
    }

    @Test
    void keepsUnknownManifestKeysWhenResuming() throws IOException {
        StoreWriter.create(dir, base(Dtype.F32)).writeView("eng", 4, 6, from(TestFiles.randomData(33, 3, 4, 6)));
        String json = Files.readString(dir.resolve("manifest.json"));
        TestFiles.writeManifest(dir, json.replaceFirst("\\{", "{\"provenance\": {\"host\": \"lab-7\"},"));
        StoreWriter.create(dir, base(Dtype.F32)).writeView("fra", 4, 6, from(TestFiles.randomData(34, 3, 4, 6)));
        assertTrue(Files.readString(dir.resolve("manifest.json")).contains("lab-7"));
    }

    @Test
    void freshStoreRecordsItsDtype() throws IOException {
        StoreWriter w = StoreWriter.create(dir, Manifest.create(List.of(0, 2, 4)));
        assertEquals(Dtype.F32, w.dtype());
        w.writeView("eng", 4, 6, from(TestFiles.randomData(35, 3, 4, 6)));
        assertEquals(Dtype.F32, Manifest.read(dir.resolve("manifest.json")).dtype().orElseThrow());
    }

    @Test
    void extendsAHandMadeStoreWithoutClaimingItsDtype() throws IOException {
        StoreWriter.writeNpy(dir.resolve("old.npy"), Dtype.F16, TestFiles.randomData(36, 3, 4, 6));
        TestFiles.writeManifest(dir, "{\"format\": \"babelscope-store/1\", \"layers\": [0, 2, 4],"
                + " \"views\": {\"old\": {\"file\": \"old.npy\", \"shape\": [3, 4, 6]}}}");
        StoreWriter w = StoreWriter.create(dir, Manifest.create(List.of(0, 2, 4)));
        assertFalse(w.hasView("old"), "no checksum recorded, so it cannot be trusted as complete");
        w.writeView("new", 4, 6, from(TestFiles.randomData(37, 3, 4, 6)));
        try (EmbeddingStore store = EmbeddingStore.open(dir)) {
            assertEquals(List.of("old", "new"), store.viewNames());
            assertEquals(Dtype.F16, store.view("old").dtype());
            assertEquals(Dtype.F32, store.view("new").dtype());
            assertTrue(store.manifest().dtype().isEmpty());
        }
    }
}
