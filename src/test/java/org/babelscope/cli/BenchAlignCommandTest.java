package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.babelscope.compute.Backends;
import org.babelscope.report.ResultFiles;
import org.babelscope.store.EmbeddingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** bench align in-process on the CPU: the store it writes, the runs, the comparison and bad options. */
class BenchAlignCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SMALL = {"--langs", "3", "--items", "50", "--layers", "2", "--d", "16"};

    @TempDir
    Path tmp;

    private static CliRunner bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench", "align"));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private static String[] small(String... extra) {
        List<String> all = new ArrayList<>(List.of(SMALL));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private static void assertBadInput(CliRunner r) {
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("error: "), r.toString());
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void cpuRunWritesResultsEqualToADirectAlignRunOnTheKeptStore() throws IOException {
        Path work = tmp.resolve("work");
        CliRunner r = bench(small("--work", work.toString(), "--backends", "cpu"));
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("3 languages x 50 items x 2 layers, d = 16"), r.out);
        assertTrue(r.out.contains("ran on cpu"), r.out);
        assertTrue(r.out.contains("one backend ran: nothing to compare"), r.out);
        Path results = work.resolve("results-cpu.json");
        assertTrue(Files.isRegularFile(results), r.toString());

        Path direct = tmp.resolve("direct.json");
        CliRunner a = CliRunner.run("align", "--store", work.resolve("store").toString(), "--pivot", "eng_Latn",
                "--backend", "cpu", "--out", direct.toString());
        assertEquals(0, a.exitCode, a.toString());
        JsonNode bench = JSON.readTree(results.toFile());
        JsonNode align = JSON.readTree(direct.toFile());
        assertEquals(align.get("metrics"), bench.get("metrics"));
        assertEquals(align.get("layers"), bench.get("layers"));
        assertEquals(50, bench.get("n_items").asInt());
        assertEquals(List.of("fra_Latn", "deu_Latn"), fieldNames(bench.at("/metrics/mexa/per_language")));
        // The same inputs but the store path: one code path.
        assertEquals(align.get("inputs"), bench.get("inputs"));

        // The store says what it is: synthetic, no model.
        try (EmbeddingStore s = EmbeddingStore.open(work.resolve("store"))) {
            assertEquals("synthetic", s.manifest().model().orElseThrow().architecture());
            assertEquals(null, s.manifest().model().get().path());
            assertTrue(s.manifest().corpus().orElseThrow().name().startsWith("synthetic"), s.manifest().toString());
            assertEquals(50, s.manifest().corpus().get().nItems());
            assertEquals(List.of("eng_Latn", "fra_Latn", "deu_Latn"), List.copyOf(s.viewNames()));
        }
        assertEquals("synthetic", bench.at("/inputs/model/architecture").asText(), bench.toString());
    }

    @Test
    void repeatedCpuRunsAgree() throws IOException {
        Path work = tmp.resolve("work");
        CliRunner r = bench(small("--work", work.toString(), "--backends", "cpu,cpu"));
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("backends agree"), r.out);
        assertFalse(r.out.contains("DIFFER"), r.out);
        assertTrue(r.out.contains("cpu-2 vs cpu"), r.out);
        for (String metric : List.of("cos", "mexa", "retrieval", "retrieval_rev", "margin", "margin_rev")) {
            assertTrue(r.out.contains(" " + metric + " "), metric + " in the table: " + r.out);
        }
        assertEquals(JSON.readTree(work.resolve("results-cpu.json").toFile()).get("metrics"),
                JSON.readTree(work.resolve("results-cpu-2.json").toFile()).get("metrics"));
    }

    @Test
    void aRerunReusesTheStoreAndOtherSizesAreRefused() {
        Path work = tmp.resolve("work");
        CliRunner first = bench(small("--work", work.toString(), "--backends", "cpu"));
        assertEquals(0, first.exitCode, first.toString());
        assertTrue(first.out.contains("; written in "), first.out);
        CliRunner again = bench(small("--work", work.toString(), "--backends", "cpu"));
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("; reused"), again.out);
        CliRunner otherSeed = bench(small("--work", work.toString(), "--backends", "cpu", "--seed", "7"));
        assertBadInput(otherSeed);
        assertTrue(otherSeed.err.contains("corpus sha256"), otherSeed.err);
    }

    @Test
    void theTemporaryFolderIsDeletedUnlessKept() throws IOException {
        CliRunner r = bench(small("--backends", "cpu"));
        assertEquals(0, r.exitCode, r.toString());
        Path store = storeOf(r);
        assertTrue(r.out.contains("(temporary: deleted at exit"), r.out);
        assertFalse(Files.exists(store.getParent()), "deleted: " + store.getParent());

        CliRunner kept = bench(small("--backends", "cpu", "--keep"));
        assertEquals(0, kept.exitCode, kept.toString());
        Path keptStore = storeOf(kept);
        try {
            assertTrue(Files.isRegularFile(keptStore.resolve("manifest.json")), kept.toString());
            assertTrue(Files.isRegularFile(keptStore.getParent().resolve("results-cpu.json")), kept.toString());
            assertTrue(kept.err.contains("kept " + keptStore.getParent()), kept.err);
        } finally {
            ResultFiles.deleteTree(keptStore.getParent());
        }
    }

    private static Path storeOf(CliRunner r) {
        Matcher m = Pattern.compile("\n  at (\\S+)").matcher(r.out);
        assertTrue(m.find(), r.out);
        return Path.of(m.group(1));
    }

    @Test
    void cudaAloneExitsTwoWithTheReasonAndWritesNothing() {
        assumeTrue(Backends.cudaUnavailableReason().isPresent(), "a CUDA device is usable here");
        String reason = Backends.cudaUnavailableReason().get();
        Path work = tmp.resolve("work");
        CliRunner r = bench(small("--work", work.toString(), "--backends", "cuda"));
        assertBadInput(r);
        assertTrue(r.err.contains(reason), "names the reason '" + reason + "': " + r.err);
        assertFalse(Files.exists(work), "no store written");
        assertTrue(r.out.isEmpty(), r.out);
    }

    @Test
    void theDefaultBackendsRunTheCpuAndSkipCudaWithTheReason() {
        assumeTrue(Backends.cudaUnavailableReason().isPresent(), "a CUDA device is usable here");
        String reason = Backends.cudaUnavailableReason().get();
        CliRunner r = bench(small("--work", tmp.resolve("work").toString()));
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("skipped: " + reason), r.out);
        assertTrue(r.err.contains("cuda: skipped, " + reason), r.err);
        assertTrue(r.out.contains("one backend ran"), r.out);
        assertTrue(Files.isRegularFile(tmp.resolve("work/results-cpu.json")));
        assertFalse(Files.exists(tmp.resolve("work/results-cuda.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--items 1", "--langs 1", "--langs 41", "--layers 0", "--d 0", "--backends gpu",
            "--backends cpu --precision tf32", "--precision fp8", "--tile-mb 0", "--threads -1", "--backends ,"})
    void badOptionsExitTwoBeforeAnyWork(String options) {
        Path work = tmp.resolve("work");
        List<String> args = new ArrayList<>(List.of("--work", work.toString()));
        args.addAll(List.of(options.split(" ")));
        if (!options.startsWith("--backends")) {
            args.addAll(List.of("--backends", "cpu"));
        }
        CliRunner r = bench(args.toArray(String[]::new));
        assertBadInput(r);
        assertFalse(Files.exists(work), "nothing written: " + r);
    }

    @Test
    void helpHasExamples() {
        CliRunner r = bench("--help");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("Example"), r.out);
        assertTrue(r.out.contains("--backends"), r.out);
        CliRunner parent = CliRunner.run("bench", "--help");
        assertTrue(parent.out.contains("align"), parent.out);
    }

    /** The store is realistic enough: MEXA and P@1 spread over (0, 1) at the acceptance check's d and n. */
    @Test
    void mexaAndPrecisionSpreadOverTheOpenInterval() throws IOException {
        Path work = tmp.resolve("work");
        CliRunner r = bench("--work", work.toString(), "--backends", "cpu", "--langs", "20", "--items", "300",
                "--layers", "6", "--d", "128");
        assertEquals(0, r.exitCode, r.toString());
        JsonNode json = JSON.readTree(work.resolve("results-cpu.json").toFile());
        for (String metric : List.of("mexa", "retrieval")) {
            List<Double> v = new ArrayList<>();
            json.at("/metrics/" + metric + "/per_language").forEach(l -> l.get("per_layer").forEach(x -> v.add(x.asDouble())));
            assertEquals(19 * 6, v.size());
            long inside = v.stream().filter(x -> x > 0.02 && x < 0.98).count();
            assertTrue(inside >= v.size() / 2, metric + " mostly inside (0, 1): " + v);
            assertTrue(v.stream().anyMatch(x -> x < 0.3) && v.stream().anyMatch(x -> x > 0.7), metric + " spreads: " + v);
        }
        assertTrue(r.out.contains("mexa over languages x layers: min"), r.out);
    }

    @Test
    void theSyntheticStoreIsTheSameForTheSameSeed() {
        List<String> langs = BenchAlignCommand.LANGUAGES.subList(0, 3);
        var a = new org.babelscope.bench.SyntheticStore(langs, 30, 3, 8, 5);
        var b = new org.babelscope.bench.SyntheticStore(langs, 30, 3, 8, 5);
        var c = new org.babelscope.bench.SyntheticStore(langs, 30, 3, 8, 6);
        for (int lang = 0; lang < 3; lang++) {
            for (int layer = 0; layer < 3; layer++) {
                float[][] x = a.layer(lang, layer).toArray();
                assertArrayEquals(x, b.layer(lang, layer).toArray());
                assertFalse(java.util.Arrays.deepEquals(x, c.layer(lang, layer).toArray()));
                for (float[] row : x) {
                    for (float v : row) {
                        assertTrue(Float.isFinite(v) && v != 0f, "finite, never zero: " + v);
                    }
                }
            }
        }
    }

    @Test
    void theComparisonCountsFlipsAndAppliesTheCosineTolerance() throws IOException {
        ObjectNode a = (ObjectNode) JSON.readTree("{\"n_items\": 50, \"layers\": [3, 4], \"metrics\": {"
                + "\"cos\": {\"per_language\": {\"fra\": {\"per_layer\": [0.5, 0.6]}}},"
                + "\"mexa\": {\"per_language\": {\"fra\": {\"per_layer\": [0.5, 0.6]}}},"
                + "\"retrieval\": {\"per_language\": {\"fra\": {\"per_layer\": [0.5, null]}}}}}");
        BenchAlignCommand.Comparison same = BenchAlignCommand.compare(a, a);
        assertTrue(same.structure().isEmpty());
        assertTrue(same.metrics().stream().allMatch(m -> m.differing() == 0), same.toString());

        ObjectNode b = a.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) b.at("/metrics/cos/per_language/fra/per_layer")).set(0, 0.50005);
        ((com.fasterxml.jackson.databind.node.ArrayNode) b.at("/metrics/cos/per_language/fra/per_layer")).set(1, 0.6002);
        ((com.fasterxml.jackson.databind.node.ArrayNode) b.at("/metrics/mexa/per_language/fra/per_layer")).set(1, 0.64);
        BenchAlignCommand.Comparison c = BenchAlignCommand.compare(a, b);
        BenchAlignCommand.MetricDiff cos = c.metrics().get(0);
        assertEquals("cos", cos.metric());
        assertFalse(cos.exact());
        assertEquals(1, cos.differing(), "5e-5 is within 1e-4, 2e-4 is not: " + cos);
        assertEquals(2e-4, cos.largest(), 1e-9);
        assertEquals("fra@L4", cos.where());
        BenchAlignCommand.MetricDiff mexa = c.metrics().get(1);
        assertTrue(mexa.exact());
        assertEquals(1, mexa.differing());
        assertEquals(2, mexa.itemsFlipped(), "0.04 of 50 items");
        assertEquals("fra@L4", mexa.where());
        assertEquals(0, c.metrics().get(2).differing(), "null equals null");

        ((ObjectNode) b.at("/metrics")).remove("retrieval");
        assertFalse(BenchAlignCommand.compare(a, b).structure().isEmpty(), "a missing metric is reported");
    }

    /** The spread line's median is the median: the mean of the middle two of an even count. */
    @Test
    void theSpreadLineGivesTheMedian() throws IOException {
        JsonNode json = JSON.readTree("{\"metrics\": {\"mexa\": {\"per_language\": {"
                + "\"fra\": {\"per_layer\": [0.2, 1.0]}, \"deu\": {\"per_layer\": [0.4, 0.0]}}}}}");
        assertEquals("mexa over languages x layers: min 0.000, median 0.300, max 1.000, 2 of 4 at 0 or 1",
                BenchAlignCommand.spread(json));
    }

    /** The near-tie check's gaps, by their signs, reproduce every value the pipeline computed. */
    @Test
    void tieCheckGapsReproduceThePipelinesDecisions() throws IOException {
        Path work = tmp.resolve("work");
        CliRunner r = bench("--work", work.toString(), "--backends", "cpu", "--langs", "3", "--items", "200", "--layers", "2",
                "--d", "32");
        assertEquals(0, r.exitCode, r.toString());
        JsonNode json = JSON.readTree(work.resolve("results-cpu.json").toFile());
        try (EmbeddingStore s = EmbeddingStore.open(work.resolve("store"))) {
            for (String lang : List.of("fra_Latn", "deu_Latn")) {
                for (int layer = 0; layer < 2; layer++) {
                    org.babelscope.bench.TieCheck.Gaps g = org.babelscope.bench.TieCheck.gaps(s.view("eng_Latn").layer(layer),
                            s.view(lang).layer(layer), 4);
                    for (String metric : List.of("mexa", "retrieval", "retrieval_rev", "margin", "margin_rev")) {
                        double[] gaps = g.of(metric);
                        assumeTrue(java.util.Arrays.stream(gaps).allMatch(x -> Math.abs(x) > 1e-6), "a near-tie in drawn data");
                        long hits = metric.equals("mexa")
                                ? IntStream.range(0, 200).filter(i -> g.row()[i] > 0 && g.col()[i] > 0).count()
                                : java.util.Arrays.stream(gaps).filter(x -> x > 0).count();
                        double value = json.at("/metrics/" + metric + "/per_language/" + lang + "/per_layer/" + layer).asDouble();
                        assertEquals(value, hits / 200.0, 0.0, metric + " of " + lang + " at layer " + layer);
                    }
                }
            }
        }
    }

    /** A MEXA value that differs at fp32 fails the check, and the near-tie check says it is no tie. */
    @Test
    void aDifferenceFailsAtFp32AndIsOnlyReportedAtTf32() throws IOException {
        Path work = tmp.resolve("work");
        CliRunner r = bench(small("--work", work.toString(), "--backends", "cpu"));
        assertEquals(0, r.exitCode, r.toString());
        JsonNode cpu = JSON.readTree(work.resolve("results-cpu.json").toFile());
        ObjectNode other = cpu.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode mexa =
                (com.fasterxml.jackson.databind.node.ArrayNode) other.at("/metrics/mexa/per_language/deu_Latn/per_layer");
        mexa.set(1, mexa.get(1).asDouble() + 2.0 / 50);
        var reference = new BenchAlignCommand.Ran(new BenchAlignCommand.Planned("cpu", "cpu",
                org.babelscope.compute.Precision.FP32, java.util.Optional.empty()), 1, null, cpu);

        BenchAlignCommand command = new BenchAlignCommand();
        command.items = 50;
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        var fp32 = new BenchAlignCommand.Ran(new BenchAlignCommand.Planned("cpu", "cpu-2",
                org.babelscope.compute.Precision.FP32, java.util.Optional.empty()), 1, null, other);
        int code = command.compareAll(List.of(reference, fp32), work.resolve("store"), new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true));
        assertEquals(1, code, out.toString());
        assertTrue(out.toString().contains("backends DIFFER: cpu-2 vs cpu: 1 of 20 MEXA/P@1 values differ (2 items flipped)"),
                out.toString());
        assertTrue(out.toString().contains("deu_Latn@L1"), out.toString());
        assertTrue(out.toString().contains("near-ties of the differing values"), out.toString());
        assertTrue(out.toString().contains("1 of 1 checked values flipped more items than lie at near-ties: not rounding"),
                out.toString());

        ((ObjectNode) other.get("inputs")).put("backend", "cuda");
        var tf32 = new BenchAlignCommand.Ran(new BenchAlignCommand.Planned("cuda", "cuda",
                org.babelscope.compute.Precision.TF32, java.util.Optional.empty()), 1, null, other);
        java.io.StringWriter out2 = new java.io.StringWriter();
        code = command.compareAll(List.of(reference, tf32), work.resolve("store"), new java.io.PrintWriter(out2, true),
                new java.io.PrintWriter(err, true));
        assertEquals(0, code, out2.toString());
        assertTrue(out2.toString().contains("backends DIFFER: cuda vs cpu: 1 of 20"), out2.toString());
        assertTrue(out2.toString().contains("reported, not a failure"), out2.toString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
