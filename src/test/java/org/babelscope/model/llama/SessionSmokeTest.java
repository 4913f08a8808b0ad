package org.babelscope.model.llama;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionSmokeTest {
    static final Path MODEL = Path.of("..", "shared", "models", "stories260K.gguf");

    @Test
    void smoke() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(MODEL));
        try (LoadedModel m = LoadedModel.load(MODEL, 0);
             Session s = new Session(m, 512, 16, 2, KvType.F32)) {
            System.out.println("embd " + m.nEmbd() + " layers " + m.nLayer() + " vocab " + m.nVocab());
            int[] a = m.tokenize("Once upon a time, there was a little girl", true);
            int[] b = m.tokenize("The cat sat on the mat.", true);
            System.out.println(java.util.Arrays.toString(a));
            float[] alone = s.capture(List.of(a), Pooling.LAST, 0, m.nLayer() - 1);
            List<int[]> many = new ArrayList<>();
            for (int i = 0; i < 10; i++) many.add(i % 2 == 0 ? b : a);
            many.set(3, a);
            float[] batch = s.capture(many, Pooling.LAST, 0, m.nLayer() - 1);
            int E = m.nEmbd(), n = many.size();
            double maxd = 0;
            for (int l = 0; l < m.nLayer(); l++)
                for (int e = 0; e < E; e++)
                    maxd = Math.max(maxd, Math.abs(alone[l * E + e] - batch[(l * n + 3) * E + e]));
            System.out.println("alone vs batch max diff " + maxd);
            float[] mean = s.capture(many, Pooling.MEAN, 0, m.nLayer() - 1);
            float[] part = s.capture(many, Pooling.MEAN, 1, 2);
            double maxp = 0;
            for (int l = 1; l <= 2; l++)
                for (int q = 0; q < n; q++)
                    for (int e = 0; e < E; e++)
                        maxp = Math.max(maxp, Math.abs(mean[(l * n + q) * E + e] - part[((l - 1) * n + q) * E + e]));
            System.out.println("partial vs full mean diff " + maxp);
            float[][] lp = s.tokenLogprobs(List.of(a, b), new int[] {1, 1});
            System.out.println(java.util.Arrays.toString(lp[0]));
            float[] v = new float[E];
            for (int e = 0; e < E; e++) v[e] = (float) Math.sin(e);
            s.setControlVector(java.util.Map.of(2, v));
            float[] steered = s.capture(List.of(a), Pooling.LAST, 0, m.nLayer() - 1);
            for (int l = 0; l < m.nLayer(); l++) {
                double d = 0;
                for (int e = 0; e < E; e++) d = Math.max(d, Math.abs(steered[l * E + e] - alone[l * E + e] - (l == 2 ? v[e] : 0)));
                System.out.println("layer " + l + " steered - plain - v: " + d);
            }
            s.clearControlVector();
            float[] again = s.capture(List.of(a), Pooling.LAST, 0, m.nLayer() - 1);
            assertArrayEquals(alone, again);
        }
    }
}
