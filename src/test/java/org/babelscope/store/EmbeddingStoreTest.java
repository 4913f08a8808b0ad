package org.babelscope.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.babelscope.BadInputException;
import org.babelscope.compute.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingStoreTest {
    @TempDir
    Path dir;

    private static final String HEAD = "{\"format\": \"babelscope-store/1\", \"layers\": [4, 5, 6], \"views\": {";

    private static String view(String name, String file, int l, int n, int d) {
        return "\"" + name + "\": {\"file\": \"" + file + "\", \"shape\": [" + l + ", " + n + ", " + d + "]}";
    }

    /** Two views, eng (f32) and fra (f16), of shape [3, 5, 7], with a hand-written manifest. */
    private float[][][][] writeGoodStore() throws IOException {
        float[][][] eng = TestFiles.randomData(10, 3, 5, 7);
        float[][][] fra = TestFiles.randomData(11, 3, 5, 7);
        StoreWriter.writeNpy(dir.resolve("eng.npy"), Dtype.F32, eng);
        StoreWriter.writeNpy(dir.resolve("fra.npy"), Dtype.F16, fra);
        TestFiles.writeManifest(dir, HEAD + view("eng", "eng.npy", 3, 5, 7) + ", " + view("fra", "fra.npy", 3, 5, 7) + "}}");
        return new float[][][][] {eng, fra};
    }

    @Test
    void opensAndReadsEveryLayer() throws IOException {
        float[][][][] data = writeGoodStore();
        try (EmbeddingStore store = EmbeddingStore.open(dir)) {
            assertEquals(dir, store.dir());
            assertEquals(List.of(4, 5, 6), store.layers());
            assertEquals(List.of("eng", "fra"), store.viewNames());
            assertTrue(store.hasView("fra"));
            assertFalse(store.hasView("deu"));
            assertEquals(5, store.items());
            assertEquals(7, store.dim());
            assertEquals(2, store.slotOf(6));

            StoreView eng = store.view("eng");
            assertEquals("eng", eng.name());
            assertEquals(3, eng.layers());
            assertEquals(5, eng.items());
            assertEquals(7, eng.dim());
            assertEquals(Dtype.F32, eng.dtype());
            assertEquals(Dtype.F16, store.view("fra").dtype());
            FloatMatrix reused = FloatMatrix.allocate(5, 7);
            for (int slot = 0; slot < 3; slot++) {
                FloatMatrix m = eng.layer(slot);
                store.view("fra").layerInto(slot, reused);
                for (int i = 0; i < 5; i++) {
                    assertArrayEquals(data[0][slot][i], m.row(i));
                    for (int j = 0; j < 7; j++) {
                        assertEquals(Half.toFloat(Half.fromFloat(data[1][slot][i][j])), reused.get(i, j), 0f);
                    }
                }
            }
        }
    }

    @Test
    void viewOrderFollowsTheManifest() throws IOException {
        writeGoodStore();
        TestFiles.writeManifest(dir, HEAD + view("zzz", "fra.npy", 3, 5, 7) + ", " + view("aaa", "eng.npy", 3, 5, 7) + "}}");
        try (EmbeddingStore store = EmbeddingStore.open(dir)) {
            assertEquals(List.of("zzz", "aaa"), store.viewNames());
        }
    }

    private String openBad() {
        BadInputException e = assertThrows(BadInputException.class, () -> EmbeddingStore.open(dir));
        return e.getMessage();
    }

    @Test
    void missingDirectoryOrManifest() throws IOException {
        String msg = openBad();
        assertTrue(msg.contains("manifest.json") && msg.contains(dir.toString()), msg);
        Path nowhere = dir.resolve("nowhere");
        BadInputException e = assertThrows(BadInputException.class, () -> EmbeddingStore.open(nowhere));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void wrongFormatString() throws IOException {
        writeGoodStore();
        String json = Files.readString(dir.resolve("manifest.json")).replace("babelscope-store/1", "babelscope-store/9");
        TestFiles.writeManifest(dir, json);
        String msg = openBad();
        assertTrue(msg.contains("babelscope-store/9") && msg.contains("babelscope-store/1"), msg);
    }

    @Test
    void missingNpyFile() throws IOException {
        writeGoodStore();
        Files.delete(dir.resolve("fra.npy"));
        String msg = openBad();
        assertTrue(msg.contains("fra.npy") && msg.contains("does not exist"), msg);
    }

    @Test
    void truncatedNpy() throws IOException {
        writeGoodStore();
        byte[] bytes = Files.readAllBytes(dir.resolve("eng.npy"));
        Files.write(dir.resolve("eng.npy"), Arrays.copyOf(bytes, bytes.length - 10));
        String msg = openBad();
        assertTrue(msg.contains("eng.npy is truncated: expected 420 bytes of data, found 410"), msg);
    }

    @Test
    void garbageInsteadOfNpy() throws IOException {
        writeGoodStore();
        Files.writeString(dir.resolve("fra.npy"), "this is certainly not numpy data, just some text of some length");
        String msg = openBad();
        assertTrue(msg.contains("fra.npy") && msg.contains("not a NumPy .npy file"), msg);
    }

    @Test
    void float64Npy() throws IOException {
        writeGoodStore();
        TestFiles.writeRawNpy(dir.resolve("fra.npy"), "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5, 7), }",
                new byte[3 * 5 * 7 * 8]);
        String msg = openBad();
        assertTrue(msg.contains("fra.npy") && msg.contains("'<f8'") && msg.contains("float32"), msg);
    }

    @Test
    void fortranOrderNpy() throws IOException {
        writeGoodStore();
        TestFiles.writeRawNpy(dir.resolve("eng.npy"), "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 5, 7), }",
                new byte[3 * 5 * 7 * 4]);
        String msg = openBad();
        assertTrue(msg.contains("eng.npy") && msg.contains("Fortran"), msg);
    }

    @Test
    void manifestShapeDiffersFromNpy() throws IOException {
        writeGoodStore();
        StoreWriter.writeNpy(dir.resolve("fra.npy"), Dtype.F32, TestFiles.randomData(3, 3, 5, 6));
        String msg = openBad();
        assertTrue(msg.contains("fra.npy") && msg.contains("(3, 5, 6)") && msg.contains("[3, 5, 7]"), msg);
    }

    @Test
    void viewsWithDifferentItemCounts() throws IOException {
        writeGoodStore();
        StoreWriter.writeNpy(dir.resolve("fra.npy"), Dtype.F32, TestFiles.randomData(3, 3, 4, 7));
        TestFiles.writeManifest(dir, HEAD + view("eng", "eng.npy", 3, 5, 7) + ", " + view("fra", "fra.npy", 3, 4, 7) + "}}");
        String msg = openBad();
        assertTrue(msg.contains("different item counts or dimensions") && msg.contains("\"eng\"")
                && msg.contains("\"fra\"") && msg.contains("4 items"), msg);
    }

    @Test
    void viewsWithDifferentDimensions() throws IOException {
        writeGoodStore();
        StoreWriter.writeNpy(dir.resolve("fra.npy"), Dtype.F16, TestFiles.randomData(3, 3, 5, 9));
        TestFiles.writeManifest(dir, HEAD + view("eng", "eng.npy", 3, 5, 7) + ", " + view("fra", "fra.npy", 3, 5, 9) + "}}");
        String msg = openBad();
        assertTrue(msg.contains("different item counts or dimensions") && msg.contains("9 dims"), msg);
    }

    @Test
    void firstAxisDiffersFromLayerCount() throws IOException {
        writeGoodStore();
        StoreWriter.writeNpy(dir.resolve("eng.npy"), Dtype.F32, TestFiles.randomData(3, 2, 5, 7));
        TestFiles.writeManifest(dir, HEAD + view("eng", "eng.npy", 2, 5, 7) + "}}");
        String msg = openBad();
        assertTrue(msg.contains("first axis (2)") && msg.contains("3 entries"), msg);
    }

    @Test
    void fileNameEscapingTheStore() throws IOException {
        writeGoodStore();
        Files.copy(dir.resolve("eng.npy"), dir.getParent().resolve("outside-" + dir.getFileName() + ".npy"));
        TestFiles.writeManifest(dir, HEAD + view("eng", "../outside-" + dir.getFileName() + ".npy", 3, 5, 7) + "}}");
        String msg = openBad();
        assertTrue(msg.contains("../outside") && msg.contains("plain file name"), msg);
        Files.delete(dir.getParent().resolve("outside-" + dir.getFileName() + ".npy"));
    }

    @Test
    void dtypeInManifestMustMatchFiles() throws IOException {
        writeGoodStore();
        String json = Files.readString(dir.resolve("manifest.json")).replace("\"layers\"", "\"dtype\": \"f32\", \"layers\"");
        TestFiles.writeManifest(dir, json);
        String msg = openBad();
        assertTrue(msg.contains("fra.npy") && msg.contains("f16"), msg);
    }

    @Test
    void corpusItemCountMustMatch() throws IOException {
        writeGoodStore();
        String json = Files.readString(dir.resolve("manifest.json"))
                .replace("\"layers\"", "\"corpus\": {\"name\": \"c\", \"n_items\": 6}, \"layers\"");
        TestFiles.writeManifest(dir, json);
        String msg = openBad();
        assertTrue(msg.contains("n_items 6") && msg.contains("5 items"), msg);
    }

    @Test
    void unknownViewOrLayer() throws IOException {
        writeGoodStore();
        try (EmbeddingStore store = EmbeddingStore.open(dir)) {
            BadInputException e = assertThrows(BadInputException.class, () -> store.view("deu"));
            assertTrue(e.getMessage().contains("\"deu\"") && e.getMessage().contains("eng, fra"), e.getMessage());
            e = assertThrows(BadInputException.class, () -> store.slotOf(0));
            assertTrue(e.getMessage().contains("[4, 5, 6]"), e.getMessage());
        }
    }

    @Test
    void fileReplacedAfterOpeningIsNoticed() throws IOException {
        writeGoodStore();
        try (EmbeddingStore store = EmbeddingStore.open(dir)) {
            StoreView fra = store.view("fra");
            StoreWriter.writeNpy(dir.resolve("fra.npy"), Dtype.F32, TestFiles.randomData(3, 3, 5, 7));
            BadInputException e = assertThrows(BadInputException.class, () -> fra.layer(0));
            assertTrue(e.getMessage().contains("changed since"), e.getMessage());
        }
    }

    @Test
    void closedStoreRefusesViews() throws IOException {
        writeGoodStore();
        EmbeddingStore store = EmbeddingStore.open(dir);
        store.close();
        assertThrows(IllegalStateException.class, () -> store.view("eng"));
    }
}
