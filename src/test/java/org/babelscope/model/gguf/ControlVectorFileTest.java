package org.babelscope.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlVectorFileTest {
    @TempDir
    Path tmp;

    private static final float[] V1 = GgufRoundTripTest.random(11, 64, 1.0);
    private static final float[] V3 = GgufRoundTripTest.random(13, 64, 0.1);

    @Test
    void roundTripsInLlamaCppsLayout() throws IOException {
        Path file = tmp.resolve("cv.gguf");
        new ControlVectorFile("llama", Map.of(3, V3, 1, V1)).write(file);

        GgufFile g = GgufFile.open(file);
        assertEquals("controlvector", g.string("general.architecture"));
        assertEquals("llama", g.string("controlvector.model_hint"));
        assertEquals(GgufValue.i32(2), g.value("controlvector.layer_count"), "one per direction, as cvector-generator");
        assertEquals(List.of("direction.1", "direction.3"), g.tensors().stream().map(TensorInfo::name).toList());
        for (TensorInfo t : g.tensors()) {
            assertEquals(GgmlType.F32, t.type());
            assertArrayEquals(new long[] {64}, t.dims());
        }

        ControlVectorFile cv = ControlVectorFile.read(file);
        assertEquals("llama", cv.modelHint());
        assertEquals(64, cv.nEmbd());
        assertEquals(List.of(1, 3), List.copyOf(cv.directions().keySet()));
        assertArrayEquals(V1, cv.directions().get(1));
        assertArrayEquals(V3, cv.directions().get(3));
    }

    @Test
    void constructorKeepsItValid() {
        assertThrows(IllegalArgumentException.class, () -> new ControlVectorFile("llama", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new ControlVectorFile("llama", Map.of(0, V1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ControlVectorFile("llama", Map.of(1, V1, 2, new float[3])));
        assertThrows(IllegalArgumentException.class,
                () -> new ControlVectorFile("llama", Map.of(1, new float[] {1f, Float.NaN})));
        float[] v = V1.clone();
        ControlVectorFile cv = new ControlVectorFile("llama", Map.of(1, v));
        v[0] = 99f;
        cv.directions().get(1)[1] = 99f;
        assertArrayEquals(V1, cv.directions().get(1), "copies in, copies out");
    }

    private String refused(Path file, String... parts) {
        String msg = assertThrows(BadInputException.class, () -> ControlVectorFile.read(file)).getMessage();
        assertTrue(msg.contains(file.toString()), msg);
        for (String part : parts) {
            assertTrue(msg.contains(part), "'" + part + "' in: " + msg);
        }
        return msg;
    }

    private GgufWriter header() {
        return new GgufWriter().put("general.architecture", GgufValue.string("controlvector"))
                .put("controlvector.model_hint", GgufValue.string("llama"))
                .put("controlvector.layer_count", GgufValue.i32(1));
    }

    @Test
    void readRefusesWhatLlamaCppWouldNotApply() throws IOException {
        Path model = tmp.resolve("model.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(1).build(), model);
        refused(model, "is not a control vector", "'llama'");

        Path zero = tmp.resolve("zero.gguf");
        new ControlVectorFile("llama", Map.of(1, V1)).write(zero);
        refused(GgufBytes.read(zero).replace("direction.1", "direction.0").write(tmp.resolve("z.gguf")),
                "has tensor 'direction.0'");
        refused(GgufBytes.read(zero).replace("direction.1", "direction.x").write(tmp.resolve("x.gguf")),
                "has tensor 'direction.x'");

        refused(header().addTensor("direction.1", GgmlType.F16, V1, 64).write(tmp.resolve("f16.gguf")),
                "F16", "llama.cpp requires F32 and one dimension");
        refused(header().addTensor("direction.1", GgmlType.F32, V1, 32, 2).write(tmp.resolve("2d.gguf")),
                "[32, 2]");
        refused(header().addTensor("direction.1", GgmlType.F32, V1, 64)
                .addTensor("direction.2", GgmlType.F32, new float[] {1f, 2f}, 2).write(tmp.resolve("len.gguf")),
                "direction.2 of 2 values where the others have 64");
        refused(header().write(tmp.resolve("empty.gguf")), "has no direction tensors");
        refused(new GgufWriter().put("general.architecture", GgufValue.string("controlvector"))
                .addTensor("direction.1", GgmlType.F32, V1, 64).write(tmp.resolve("nohint.gguf")),
                "'controlvector.model_hint' is missing");

        // A NaN written over the first value of the data.
        Path nan = tmp.resolve("nan.gguf");
        new ControlVectorFile("llama", Map.of(1, V1)).write(nan);
        GgufFile g = GgufFile.open(nan);
        GgufBytes bytes = GgufBytes.read(nan);
        refused(bytes.putU32((int) g.dataStart(), Float.floatToRawIntBits(Float.NaN)).write(tmp.resolve("n.gguf")),
                "layer 1 has NaN at index 0");
    }

    @Test
    void mustFitTheModel() {
        ControlVectorFile cv = new ControlVectorFile("llama", Map.of(1, V1, 3, V3));
        cv.requireFits(new ModelInfo("llama", 4, 64, 4, 4, 100, 512, OptionalInt.empty()));
        String width = assertThrows(BadInputException.class,
                () -> cv.requireFits(new ModelInfo("llama", 4, 32, 4, 4, 100, 512, OptionalInt.empty()))).getMessage();
        assertTrue(width.contains("64 values") && width.contains("width is 32"), width);
        String layers = assertThrows(BadInputException.class,
                () -> cv.requireFits(new ModelInfo("llama", 3, 64, 4, 4, 100, 512, OptionalInt.empty()))).getMessage();
        assertTrue(layers.contains("layer 3") && layers.contains("layers 0 to 2"), layers);
    }
}
