package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoAndHelpTest {
    @TempDir
    Path tmp;

    @Test
    void demoRunsAGeneratedModelThroughCaptureAndAlignAndSaysTheNumbersMeanNothing() throws Exception {
        Path out = tmp.resolve("demo-model");
        CliRunner r = CliRunner.run("demo", "--out", out.toString(), "--threads", "2");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("RANDOM-WEIGHT"), r.out);
        assertTrue(r.out.contains("11 views captured (0 already there)"), r.out);
        assertTrue(r.out.contains("babelscope capture --model models/"), "shows how to run a real model: " + r.out);
        for (String lang : new String[] {"fra_Latn", "zho_Hans", "arb_Arab", "hin_Deva"}) {
            assertTrue(r.out.contains(lang), r.out);
        }
        assertTrue(Files.size(out.resolve("results.json")) > 0);
        CliRunner again = CliRunner.run("demo", "--out", out.toString(), "--threads", "2");
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("0 views captured (11 already there)"), again.out);
    }

    @Test
    void syntheticDemoRecoversThePlantAndSaysItIsSynthetic() throws Exception {
        Path out = tmp.resolve("demo");
        CliRunner r = CliRunner.run("demo", "--synthetic", "--out", out.toString(), "--items", "200", "--dim", "64");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("SYNTHETIC"), r.out);
        assertTrue(r.out.contains("language ranking by MEXA matches the plant"), r.out);
        assertTrue(Files.size(out.resolve("results.json")) > 0);
        // A second run finds the finished views and does not rewrite them.
        long written = Files.getLastModifiedTime(out.resolve("store/fra_Latn.npy")).toMillis();
        CliRunner again = CliRunner.run("demo", "--synthetic", "--out", out.toString(), "--items", "200", "--dim", "64");
        assertEquals(0, again.exitCode, again.toString());
        assertEquals(written, Files.getLastModifiedTime(out.resolve("store/fra_Latn.npy")).toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"capture", "align", "correlate", "demo", "bench", "bench kernels", "bench capture", "backends"})
    void everyCommandHasHelpWithAnExample(String command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
        args.add("--help");
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("Example"), r.out);
    }

    @Test
    void noCommandIsBadUsage() {
        CliRunner r = CliRunner.run();
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("babelscope demo"), r.err);
    }
}
