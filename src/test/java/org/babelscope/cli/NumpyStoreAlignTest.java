package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by numpy itself (numpy.save, the minimal manifest) is read and scored
 * correctly: numpy also computes the expected cos, MEXA and P@1 in float64, independently of
 * every line of babelscope.
 */
class NumpyStoreAlignTest {
    private static final String SCRIPT = """
            import json, sys
            import numpy as np
            out = sys.argv[1]
            rng = np.random.default_rng(2024)
            L, N, d = 3, 47, 20
            layers = [1, 4, 7]
            meaning = rng.standard_normal((L, N, d))
            views = {"eng": meaning + 0.3 * rng.standard_normal((L, N, d))}
            for name, noise, dtype in [("fra", 0.9, np.float32), ("swh", 1.6, np.float16)]:
                scale = noise * (0.3 + 0.5 * (np.arange(N) % 5))[None, :, None]
                views[name] = (meaning + 0.4 + scale * rng.standard_normal((L, N, d))).astype(dtype)
            views["eng"] = views["eng"].astype(np.float32)
            for name, arr in views.items():
                np.save(f"{out}/{name}.npy", arr)
            json.dump({"format": "babelscope-store/1", "layers": layers,
                       "views": {n: {"file": f"{n}.npy", "shape": [L, N, d]} for n in views}},
                      open(f"{out}/manifest.json", "w"))
            def unit(x):
                x = x.astype(np.float64)
                return x / np.linalg.norm(x, axis=1, keepdims=True)
            expected, gap = {}, np.inf
            for name in ["fra", "swh"]:
                per = {"cos": [], "mexa": [], "retrieval": [], "retrieval_rev": []}
                for l in range(L):
                    c = unit(views["eng"][l]) @ unit(views[name][l]).T
                    diag = np.diag(c).copy()
                    off = c.copy(); np.fill_diagonal(off, -np.inf)
                    row, col = off.max(axis=1), off.max(axis=0)
                    gap = min(gap, np.abs(diag - row).min(), np.abs(diag - col).min())
                    per["cos"].append(diag.mean())
                    per["mexa"].append(np.mean((diag > row) & (diag > col)))
                    per["retrieval"].append(np.mean(diag > row))
                    per["retrieval_rev"].append(np.mean(diag > col))
                expected[name] = {k: [float(v) for v in vs] for k, vs in per.items()}
            json.dump({"expected": expected, "min_gap": float(gap)}, open(f"{out}/expected.json", "w"))
            """;

    @TempDir
    Path tmp;

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void alignScoresANumpyWrittenStoreAsNumpyDoes() throws Exception {
        assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path script = tmp.resolve("make_store.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", script.toString(), store.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);

        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(store.resolve("expected.json").toFile());
        assumeTrue(expected.get("min_gap").asDouble() > 1e-5, "near-tie in the drawn data");
        Path out = tmp.resolve("results.json");
        CliRunner r = CliRunner.run("align", "--store", store.toString(), "--pivot", "eng", "--metrics",
                "cos,mexa,retrieval", "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode got = json.readTree(out.toFile());
        for (String lang : new String[] {"fra", "swh"}) {
            for (String metric : new String[] {"cos", "mexa", "retrieval", "retrieval_rev"}) {
                JsonNode want = expected.at("/expected/" + lang + "/" + metric);
                JsonNode have = got.at("/metrics/" + metric + "/per_language/" + lang + "/per_layer");
                assertEquals(3, have.size());
                for (int l = 0; l < 3; l++) {
                    double tol = metric.equals("cos") ? 1e-5 : 0.0;
                    assertEquals(want.get(l).asDouble(), have.get(l).asDouble(), tol, lang + " " + metric + " layer " + l);
                }
            }
        }
    }
}
