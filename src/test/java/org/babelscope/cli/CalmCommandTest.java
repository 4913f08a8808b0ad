package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.babelscope.calm.JsonLinesFile;
import org.babelscope.model.TestModels;
import org.babelscope.model.gguf.TinyLlama;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** calm sample → vote → pairs end to end, and the inputs the calm commands refuse. */
class CalmCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A two-language X-CSQA folder: {@code x_csqa_<l>_test.json} with these gold letters. */
    private Path xcsqa(String name, List<String> langs, String... golds) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        for (String lang : langs) {
            ArrayNode items = JSON.createArrayNode();
            for (int i = 0; i < golds.length; i++) {
                ObjectNode item = items.addObject();
                item.put("instruction", "Answer the multiple choice question.\nAnswer:<correct option>");
                item.put("input", "Question " + i + " in " + lang + "?\nA. one\nB. two\nC. three\nD. four\nE. five\nAnswer:");
                item.put("output", golds[i]);
            }
            Files.write(dir.resolve("x_csqa_" + lang + "_test.json"), JSON.writeValueAsBytes(items));
        }
        return dir;
    }

    private Path tinyModel() throws IOException {
        Path file = tmp.resolve("m.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(2).nEmbd(64).nHead(4).nHeadKv(2).nFf(128).seed(21).build(), file);
        return file;
    }

    private static List<JsonNode> lines(Path jsonl) {
        return JsonLinesFile.read(jsonl, JsonNode.class);
    }

    /** Samples 2 questions x 2 languages x 2 answers, then votes on them and makes pairs. */
    private void sampleVoteAndPair(Path model, Path data, String langs) throws IOException {
        Path samples = tmp.resolve("run/samples.jsonl");
        String[] sample = {"calm", "sample", "--model", model.toString(), "--data", data.toString(), "--langs", langs,
                "--samples", "2", "--limit", "2", "--max-new-tokens", "12", "--temperature", "0.8", "--seed", "7",
                "--threads", "1", "--out", samples.toString()};
        CliRunner r = CliRunner.run(sample);
        assertEquals(0, r.exitCode, r::toString);
        List<JsonNode> sampled = lines(samples);
        assertEquals(4, sampled.size());
        for (JsonNode line : sampled) {
            assertEquals(2, line.get("samples").size());
            assertTrue(line.get("input").asText().contains("A. "), line::toString);
        }

        // Each answer has its own seed: a second run draws exactly the same answers.
        Path again = tmp.resolve("run/again.jsonl");
        sample[sample.length - 1] = again.toString();
        assertEquals(0, CliRunner.run(sample).exitCode);
        assertEquals(Files.readAllLines(samples), Files.readAllLines(again));

        Path votes = tmp.resolve("run/votes.jsonl");
        Path summary = tmp.resolve("run/summary.json");
        r = CliRunner.run("calm", "vote", "--samples", samples.toString(), "--out", votes.toString(), "--summary",
                summary.toString());
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.contains("majority-vote accuracy"), r::toString);
        JsonNode s = JSON.readTree(summary.toFile());
        assertEquals(2, s.get("questions").asInt());
        assertEquals(2, s.get("first_sample_accuracy").size());
        assertEquals(2, lines(votes).size());

        Path pairs = tmp.resolve("run/pairs.jsonl");
        r = CliRunner.run("calm", "pairs", "--votes", votes.toString(), "--out", pairs.toString());
        assertEquals(0, r.exitCode, r::toString);
        assertEquals(s.get("pairs_total").asInt(), Files.readAllLines(pairs).size());
    }

    @Test
    void sampleVoteAndPairWithAGeneratedModel() throws IOException {
        sampleVoteAndPair(tinyModel(), xcsqa("xcsqa", List.of("en", "de"), "A", "C", "E"), "en,de");
    }

    @Test
    void sampleVoteAndPairWithStories260K() throws IOException {
        Path model = TestModels.stories260K();
        Path data = TestModels.sharedDir().resolve("data/xcsqa");
        assumeTrue(Files.isDirectory(data.resolve("test")), () -> data + " is not available");
        sampleVoteAndPair(model, data, "en,zh");
    }

    @Test
    void votesOnTheReleasedLayoutWithCnAsZh() throws IOException {
        Path dir = TestModels.sharedDir().resolve("data/xcsqa/samples");
        assumeTrue(Files.isDirectory(dir), () -> dir + " is not available");
        CliRunner r = CliRunner.run("calm", "answer", "--samples", "en=" + dir.resolve("x_csqa_en_train_sampled.json"),
                "--samples", "cn=" + dir.resolve("x_csqa_cn_train_sampled.json"), "--langs", "zh,en",
                "--out", tmp.resolve("answers.jsonl").toString());
        assertEquals(0, r.exitCode, r::toString);
        List<JsonNode> answers = lines(tmp.resolve("answers.jsonl"));
        assertEquals(899, answers.size());
        List<String> order = new ArrayList<>();
        answers.get(0).get("single").fieldNames().forEachRemaining(order::add);
        assertEquals(List.of("cn", "en"), order);
    }

    @Test
    void everyCalmCommandHasHelpWithAnExample() {
        for (String command : List.of("sample", "vote", "pairs", "answer")) {
            CliRunner r = CliRunner.run("calm", command, "--help");
            assertEquals(0, r.exitCode, r::toString);
            assertTrue(r.out.contains("Example"), r.out);
        }
        assertEquals(2, CliRunner.run("calm").exitCode);
    }

    @Test
    void badInputExitsTwo() throws IOException {
        Path data = xcsqa("three", List.of("en", "de"), "A", "B", "C");
        Path en = data.resolve("x_csqa_en_test.json");
        Path shorter = xcsqa("two", List.of("de"), "A", "B").resolve("x_csqa_de_test.json");
        Path otherGold = xcsqa("gold", List.of("de"), "A", "B", "D").resolve("x_csqa_de_test.json");
        Path votes = tmp.resolve("v.jsonl");
        Path summary = tmp.resolve("s.json");
        String[][] bad = {
                {"calm", "vote", "--samples", "en=" + tmp.resolve("missing.json"), "--out", votes.toString(),
                        "--summary", summary.toString()},
                {"calm", "vote", "--samples", "en=" + en, "--samples", "de=" + shorter, "--out", votes.toString(),
                        "--summary", summary.toString()},
                {"calm", "vote", "--samples", "en=" + en, "--samples", "de=" + otherGold, "--out", votes.toString(),
                        "--summary", summary.toString()},
                {"calm", "vote", "--samples", "en=" + en, "--langs", "en,xx", "--out", votes.toString(),
                        "--summary", summary.toString()},
                {"calm", "vote", "--samples", "xx=" + en, "--out", votes.toString(), "--summary", summary.toString()},
                {"calm", "vote", "--samples", en.toString(), "--out", votes.toString(), "--summary", summary.toString()},
                {"calm", "pairs", "--votes", tmp.resolve("missing.jsonl").toString(), "--out", votes.toString()},
                {"calm", "sample", "--model", "m.gguf", "--data", data.toString(), "--langs", "xx", "--out",
                        votes.toString()},
        };
        for (String[] args : bad) {
            CliRunner r = CliRunner.run(args);
            assertEquals(2, r.exitCode, () -> String.join(" ", args) + "\n" + r);
            assertTrue(r.err.startsWith("error: "), r::toString);
        }
        assertTrue(Files.notExists(votes) && Files.notExists(summary));
    }
}
