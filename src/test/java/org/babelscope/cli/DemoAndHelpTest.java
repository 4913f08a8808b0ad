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
    void demoRecoversThePlantAndSaysItIsSynthetic() throws Exception {
        Path out = tmp.resolve("demo");
        CliRunner r = CliRunner.run("demo", "--out", out.toString(), "--items", "200", "--dim", "64");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("SYNTHETIC"), r.out);
        assertTrue(r.out.contains("language ranking by MEXA matches the plant"), r.out);
        assertTrue(Files.size(out.resolve("results.json")) > 0);
        // A second run finds the finished views and does not rewrite them.
        long written = Files.getLastModifiedTime(out.resolve("store/fra_Latn.npy")).toMillis();
        CliRunner again = CliRunner.run("demo", "--out", out.toString(), "--items", "200", "--dim", "64");
        assertEquals(0, again.exitCode, again.toString());
        assertEquals(written, Files.getLastModifiedTime(out.resolve("store/fra_Latn.npy")).toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"align", "demo", "bench"})
    void everyCommandHasHelpWithAnExample(String command) {
        CliRunner r = CliRunner.run(command, "--help");
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
