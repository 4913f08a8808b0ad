package org.babelscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path tmp;

    private static final String MINIMAL = """
            {"format": "babelscope-store/1", "layers": [4, 5, 6],
             "views": {"eng_Latn": {"file": "eng_Latn.npy", "shape": [3, 5, 7]},
                       "fra_Latn.opt2": {"file": "fra_Latn.opt2.npy", "shape": [3, 5, 7]}}}
            """;

    private static final String FULL = """
            {"format": "babelscope-store/1",
             "model": {"path": "/m/tiny.gguf", "sha256": "ab12", "architecture": "llama", "n_layer": 8,
                       "n_embd": 7, "quant": "Q8_0"},
             "pooling": "mean", "layers": [0, 1], "dtype": "f16",
             "corpus": {"name": "flores", "sha256": "cd34", "n_items": 5},
             "views": {"eng_Latn": {"file": "eng_Latn.npy", "shape": [2, 5, 7], "sha256": "ef56", "note": "x"}},
             "created_by": {"tool": "someone else", "version": 3}}
            """;

    @Test
    void readsMinimalManifest() {
        Manifest m = Manifest.parse(MINIMAL, "m.json");
        assertEquals(List.of(4, 5, 6), m.layers());
        assertEquals(List.of("eng_Latn", "fra_Latn.opt2"), List.copyOf(m.views().keySet()));
        Manifest.ViewEntry v = m.view("fra_Latn.opt2").orElseThrow();
        assertEquals("fra_Latn.opt2.npy", v.file());
        assertEquals(3, v.layers());
        assertEquals(5, v.items());
        assertEquals(7, v.dim());
        assertNull(v.sha256());
        assertTrue(m.model().isEmpty());
        assertTrue(m.pooling().isEmpty());
        assertTrue(m.dtype().isEmpty());
        assertTrue(m.corpus().isEmpty());
    }

    @Test
    void readsOptionalFields() {
        Manifest m = Manifest.parse(FULL, "m.json");
        Manifest.ModelInfo model = m.model().orElseThrow();
        assertEquals("/m/tiny.gguf", model.path());
        assertEquals("llama", model.architecture());
        assertEquals(8, model.nLayer());
        assertEquals(7, model.nEmbd());
        assertEquals("mean", m.pooling().orElseThrow());
        assertEquals(Dtype.F16, m.dtype().orElseThrow());
        assertEquals(new Manifest.CorpusInfo("flores", "cd34", 5), m.corpus().orElseThrow());
        assertEquals("ef56", m.view("eng_Latn").orElseThrow().sha256());
    }

    @Test
    void rewritingKeepsUnknownKeysAndValues() throws IOException {
        Manifest m = Manifest.parse(FULL, "m.json")
                .withView("deu_Latn", new Manifest.ViewEntry("deu_Latn.npy", 2, 5, 7, "9999"));
        Path file = tmp.resolve("manifest.json");
        m.write(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("someone else", json.at("/created_by/tool").asText());
        assertEquals("Q8_0", json.at("/model/quant").asText());
        assertEquals("x", json.at("/views/eng_Latn/note").asText());
        assertEquals("9999", json.at("/views/deu_Latn/sha256").asText());

        Manifest back = Manifest.read(file);
        assertEquals(m.layers(), back.layers());
        assertEquals(m.views(), back.views());
        assertEquals(m.model(), back.model());
        assertEquals(m.corpus(), back.corpus());
        assertEquals(m.dtype(), back.dtype());
        assertEquals(m.pooling(), back.pooling());
        assertTrue(m.toJson().contains("\n  \"format\""), "pretty-printed");
    }

    @Test
    void newManifestHasCanonicalKeyOrder() throws IOException {
        Manifest m = Manifest.create(List.of(2, 3))
                .withCorpus(new Manifest.CorpusInfo("c", null, 4))
                .withDtype(Dtype.F32)
                .withPooling("last")
                .withModel(new Manifest.ModelInfo("p", "s", "a", 4, 8))
                .withView("v", new Manifest.ViewEntry("v.npy", 2, 4, 8, "aa"));
        JsonNode json = new ObjectMapper().readTree(m.toJson());
        assertEquals(List.of("format", "model", "pooling", "layers", "dtype", "corpus", "views"),
                List.copyOf(iterable(json.fieldNames())));
        assertFalse(json.get("corpus").has("sha256"), "absent optional values are left out");
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String bad(String json) {
        BadInputException e = assertThrows(BadInputException.class, () -> Manifest.parse(json, "store/manifest.json"));
        assertTrue(e.getMessage().contains("store/manifest.json"), e.getMessage());
        return e.getMessage();
    }

    private static final String VIEWS = "\"views\": {\"a\": {\"file\": \"a.npy\", \"shape\": [2, 3, 4]}}";

    @Test
    void rejectsBadFormat() {
        assertTrue(bad("{\"layers\": [0, 1], " + VIEWS + "}").contains("no \"format\""));
        assertTrue(bad("{\"format\": \"babelscope-store/2\", \"layers\": [0, 1], " + VIEWS + "}")
                .contains("babelscope-store/2"));
        assertTrue(bad("{\"format\": 1, \"layers\": [0, 1], " + VIEWS + "}").contains("babelscope-store/1"));
        assertTrue(bad("not json at all").contains("not valid JSON"));
        assertTrue(bad("[1, 2]").contains("JSON object"));
        assertTrue(bad("").contains("JSON object"));
        assertTrue(bad("{\"format\": \"babelscope-store/1\", \"layers\": [0, 1], " + VIEWS + "} }").contains("not valid JSON"));
    }

    @Test
    void rejectsBadLayers() {
        String head = "{\"format\": \"babelscope-store/1\", ";
        assertTrue(bad(head + VIEWS + "}").contains("\"layers\""));
        assertTrue(bad(head + "\"layers\": [], " + VIEWS + "}").contains("non-empty"));
        assertTrue(bad(head + "\"layers\": [0, -1], " + VIEWS + "}").contains("negative"));
        assertTrue(bad(head + "\"layers\": [3, 3], " + VIEWS + "}").contains("twice"));
        assertTrue(bad(head + "\"layers\": [0, 1.5], " + VIEWS + "}").contains("1.5"));
    }

    @Test
    void rejectsBadViews() {
        String head = "{\"format\": \"babelscope-store/1\", \"layers\": [0, 1], \"views\": ";
        assertTrue(bad(head + "{}}").contains("at least one view"));
        assertTrue(bad(head + "{\"a\": {\"shape\": [2, 3, 4]}}}").contains("without a \"file\""));
        String escape = bad(head + "{\"a\": {\"file\": \"../a.npy\", \"shape\": [2, 3, 4]}}}");
        assertTrue(escape.contains("../a.npy") && escape.contains("plain file name"), escape);
        bad(head + "{\"a\": {\"file\": \"sub/a.npy\", \"shape\": [2, 3, 4]}}}");
        bad(head + "{\"a\": {\"file\": \"..\", \"shape\": [2, 3, 4]}}}");
        assertTrue(bad(head + "{\"a\": {\"file\": \"a.npy\", \"shape\": [2, 3]}}}").contains("3 integers"));
        assertTrue(bad(head + "{\"a\": {\"file\": \"a.npy\", \"shape\": [2, 0, 4]}}}").contains("positive"));
        String mismatch = bad(head + "{\"a\": {\"file\": \"a.npy\", \"shape\": [3, 3, 4]}}}");
        assertTrue(mismatch.contains("first axis (3)") && mismatch.contains("2 entries"), mismatch);
    }

    @Test
    void rejectsMistypedOptionalFields() {
        String head = "{\"format\": \"babelscope-store/1\", \"layers\": [0, 1], " + VIEWS;
        assertTrue(bad(head + ", \"dtype\": \"f64\"}").contains("f64"));
        assertTrue(bad(head + ", \"model\": \"llama\"}").contains("not an object"));
        assertTrue(bad(head + ", \"corpus\": {\"n_items\": \"five\"}}").contains("not an integer"));
    }

    @Test
    void missingFileIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> Manifest.read(tmp.resolve("manifest.json")));
        assertTrue(e.getMessage().contains("not a babelscope store"), e.getMessage());
    }
}
