package org.babelscope.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report directory's building blocks: atomic directory writes, the out check, the fit line. */
class CorrelationReportTest {
    @TempDir
    Path tmp;

    @Test
    void directoryIsWrittenWholeAndReplacedWhole() throws IOException {
        Path dir = tmp.resolve("a/report");
        Map<String, byte[]> first = new LinkedHashMap<>();
        first.put("correlation.json", "{}".getBytes(StandardCharsets.UTF_8));
        first.put("old.png", new byte[] {1});
        ResultFiles.writeDirectoryAtomically(dir, first);
        assertEquals(List.of("correlation.json", "old.png"), list(dir));
        ResultFiles.writeDirectoryAtomically(dir, Map.of("correlation.json", "{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("correlation.json"), list(dir));
        assertEquals("{\"x\":1}", Files.readString(dir.resolve("correlation.json")));
        assertEquals(List.of("report"), list(tmp.resolve("a")), "no temporary or old directory left");
    }

    @Test
    void outMayBeNewEmptyOrAnEarlierReportOnly() throws IOException {
        assertDoesNotThrow(() -> CorrelationReport.checkOut(tmp.resolve("new")));
        Files.createDirectories(tmp.resolve("empty"));
        assertDoesNotThrow(() -> CorrelationReport.checkOut(tmp.resolve("empty")));
        Files.createDirectories(tmp.resolve("earlier"));
        Files.writeString(tmp.resolve("earlier/correlation.json"), "{}");
        assertDoesNotThrow(() -> CorrelationReport.checkOut(tmp.resolve("earlier")));
        Files.createDirectories(tmp.resolve("other"));
        Files.writeString(tmp.resolve("other/thesis.tex"), "");
        assertThrows(BadInputException.class, () -> CorrelationReport.checkOut(tmp.resolve("other")));
        Files.writeString(tmp.resolve("file"), "");
        assertThrows(BadInputException.class, () -> CorrelationReport.checkOut(tmp.resolve("file")));
    }

    @Test
    void leastSquaresLine() {
        // points (0,1), (1,3), (2,5), (3,6): x̄ = 1.5, ȳ = 3.75, Sxy = 8.5, Sxx = 5 -> slope 1.7, intercept 1.2
        assertArrayEquals(new double[] {1.2, 1.7}, CorrelationPlots.leastSquares(List.of(0.0, 1.0, 2.0, 3.0),
                List.of(1.0, 3.0, 5.0, 6.0)), 1e-12);
        assertNull(CorrelationPlots.leastSquares(List.of(2.0, 2.0), List.of(1.0, 3.0)));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
