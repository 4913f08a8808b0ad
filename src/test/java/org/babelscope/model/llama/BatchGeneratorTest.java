package org.babelscope.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.babelscope.model.ReferenceLlama;
import org.babelscope.model.TestModels;
import org.babelscope.model.gguf.GgufFile;
import org.babelscope.model.gguf.TinyLlama;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batched generation through the shim ({@link BatchGenerator} over {@link Session#generate}),
 * checked against the argmax path of {@link ReferenceLlama}, a double-precision forward pass written
 * independently of llama.cpp: forward the prompt, take the argmax of the last logits, append it,
 * repeat. F32 weights and KV cache. Each test runs on a session whose sequences share one KV cache
 * and on one where each sequence has cells of its own ({@link Session#perSequence}).
 */
class BatchGeneratorTest {
    static final List<String> PROMPTS = List.of(
            "Once upon a time",
            "Hi",
            "The dog ran to the park and played with a red ball",
            "Le chat dort sur le canapé.",
            "Lily and Tom");

    @TempDir
    Path tmp;

    /** {@code tokens} shared by {@code sequences}, or {@code tokens / sequences} for each. */
    static Session session(LoadedModel model, int tokens, int sequences, boolean perSequence) {
        return perSequence ? Session.perSequence(model, tokens / sequences, sequences, 1, KvType.F32)
                : new Session(model, tokens, sequences, 1, KvType.F32);
    }

    private Path tinyModel() throws IOException {
        Path file = tmp.resolve("tiny.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(2).nEmbd(64).nHead(8).nHeadKv(2).nFf(96).seed(21).build(), file);
        return file;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void greedyBatchOnAGeneratedModelIsTheReferenceArgmaxPath(boolean perSequence) throws IOException {
        greedyIsTheArgmaxPath(tinyModel(), 10, perSequence);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void greedyBatchOnStories260KIsTheReferenceArgmaxPath(boolean perSequence) throws IOException {
        greedyIsTheArgmaxPath(TestModels.stories260K(), 16, perSequence);
    }

    private static void greedyIsTheArgmaxPath(Path file, int maxNew, boolean perSequence) throws IOException {
        ReferenceLlama ref = ReferenceLlama.load(file);
        Pieces pieces = new Pieces(GgufFile.open(file));
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = session(opened.model(), 512, 8, perSequence)) {
            List<BatchGenerator.Request> requests = new ArrayList<>();
            PROMPTS.forEach(p -> requests.add(BatchGenerator.Request.greedy(p, List.of())));
            BatchGenerator g = new BatchGenerator(session);
            List<Session.Generation> got = g.generate(requests, maxNew);
            assertEquals(PROMPTS.size(), got.size());
            // Not a trivial path: most prompts run to the limit.
            assertTrue(got.stream().filter(x -> x.tokens() == maxNew).count() >= 3, got.toString());
            for (int i = 0; i < PROMPTS.size(); i++) {
                int[] prompt = opened.model().tokenize(PROMPTS.get(i), true);
                List<Integer> path = argmaxPath(ref, prompt, maxNew, pieces);
                String want = pieces.text(path);
                Session.Generation gen = got.get(i);
                assertEquals(want, gen.text(), file.getFileName() + " prompt " + i);
                boolean ended = path.size() < maxNew || pieces.isEnd(path.get(path.size() - 1));
                assertEquals(ended ? Session.StopReason.END_OF_TEXT : Session.StopReason.MAX_TOKENS, gen.reason());
                assertEquals(path.size(), gen.tokens());
            }
        }
    }

    /** The reference's greedy tokens (an end-of-text token included, then nothing after it). */
    static List<Integer> argmaxPath(ReferenceLlama ref, int[] prompt, int maxNew, Pieces pieces) {
        List<Integer> out = new ArrayList<>();
        int[] seq = prompt.clone();
        for (int n = 0; n < maxNew; n++) {
            double[][] logits = ref.forward(seq).logits();
            double[] last = logits[logits.length - 1];
            int best = 0;
            for (int v = 1; v < last.length; v++) {
                if (last[v] > last[best]) {
                    best = v;
                }
            }
            out.add(best);
            if (pieces.isEnd(best)) {
                break;
            }
            seq = java.util.Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = best;
        }
        return out;
    }

    /** Token texts as llama.cpp writes a SentencePiece vocabulary's pieces (control tokens: nothing). */
    static final class Pieces {
        final String[] tokens;
        final int[] types;
        final int eos;

        Pieces(GgufFile g) {
            tokens = g.stringArray("tokenizer.ggml.tokens");
            types = g.int32Array("tokenizer.ggml.token_type");
            eos = (int) g.u32("tokenizer.ggml.eos_token_id");
        }

        boolean isEnd(int t) {
            return t == eos;
        }

        String text(List<Integer> ids) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int t : ids) {
                if (types[t] == 3 || isEnd(t)) {
                    continue;
                }
                String p = tokens[t];
                if (types[t] == 6 && p.matches("<0x[0-9A-Fa-f]{2}>")) {
                    b.write(Integer.parseInt(p.substring(3, 5), 16));
                } else {
                    b.writeBytes(p.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8));
                }
            }
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aBatchGivesEachPromptsTextAlone(boolean perSequence) throws IOException {
        Path file = TestModels.stories260K();
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = session(opened.model(), 512, 8, perSequence)) {
            BatchGenerator g = new BatchGenerator(session);
            List<BatchGenerator.Request> requests = new ArrayList<>();
            PROMPTS.forEach(p -> requests.add(BatchGenerator.Request.greedy(p, List.of())));
            requests.add(new BatchGenerator.Request(PROMPTS.get(0), Sampling.at(0.8f, 42), List.of()));
            List<String> together = texts(g.generate(requests, 24));
            for (int i = 0; i < requests.size(); i++) {
                assertEquals(together.get(i), texts(g.generate(List.of(requests.get(i)), 24)).get(0), "prompt " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aBatchThatDoesNotFitTheSessionIsSplitIntoCalls(boolean perSequence) throws IOException {
        Path file = TestModels.stories260K();
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session big = session(opened.model(), 512, 8, perSequence);
             Session small = session(opened.model(), 64, 2, perSequence)) {
            List<BatchGenerator.Request> requests = new ArrayList<>();
            PROMPTS.forEach(p -> requests.add(BatchGenerator.Request.greedy(p, List.of())));
            List<Integer> calls = new ArrayList<>();
            List<Session.Generation> split = new ArrayList<>();
            new BatchGenerator(small).generate(requests, 12, (from, part) -> {
                calls.add(from);
                split.addAll(part);
            });
            assertTrue(calls.size() >= 3, "2 sequences a call at most: " + calls);
            assertEquals(texts(new BatchGenerator(big).generate(requests, 12)), texts(split));
            // A prompt longer than the session keeps BOS and its last tokens.
            BatchGenerator g = new BatchGenerator(small);
            String longPrompt = "Once upon a time ".repeat(20) + "there was";
            Session.Generation cut = g.generate(List.of(BatchGenerator.Request.greedy(longPrompt, List.of())), 12).get(0);
            assertEquals(1, g.truncatedPrompts());
            assertEquals(12, cut.tokens());
            assertThrows(org.babelscope.BadInputException.class,
                    () -> g.generate(List.of(BatchGenerator.Request.greedy("Hi", List.of())), 63));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void seededSamplingFollowsTheChain(boolean perSequence) throws IOException {
        Path file = TestModels.stories260K();
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = session(opened.model(), 1024, 16, perSequence)) {
            BatchGenerator g = new BatchGenerator(session);
            String prompt = "Once upon a time";
            int n = 40;
            String greedy = g.generate(List.of(BatchGenerator.Request.greedy(prompt, List.of())), n).get(0).text();
            List<BatchGenerator.Request> requests = new ArrayList<>();
            for (int seed = 1; seed <= 6; seed++) {
                requests.add(new BatchGenerator.Request(prompt, Sampling.at(1.0f, seed), List.of()));
            }
            requests.add(new BatchGenerator.Request(prompt, Sampling.at(1.0f, 3), List.of()));
            // Top-k 1 leaves one candidate whatever the temperature and seed: the argmax path.
            requests.add(new BatchGenerator.Request(prompt, new Sampling(1.5f, 1, 1f, 0f, 99), List.of()));
            // Min-p close to 1 keeps only the most likely token too.
            requests.add(new BatchGenerator.Request(prompt, new Sampling(2f, 0, 1f, 0.999f, 5), List.of()));
            List<String> t = texts(g.generate(requests, n));
            assertEquals(t.get(2), t.get(6), "same seed, same text");
            Set<String> distinct = new HashSet<>(t.subList(0, 6));
            assertTrue(distinct.size() >= 4, "different seeds draw different texts: " + t.subList(0, 6));
            assertEquals(greedy, t.get(7), "top-k 1");
            assertEquals(greedy, t.get(8), "min-p 0.999");
            // The same seeded request in another run draws the same text.
            assertEquals(t.get(0), texts(g.generate(List.of(requests.get(0)), n)).get(0));
            assertNotEquals(greedy, t.get(0));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stopStringsAndLengthLimits(boolean perSequence) throws IOException {
        Path file = TestModels.stories260K();
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = session(opened.model(), 512, 8, perSequence)) {
            BatchGenerator g = new BatchGenerator(session);
            String prompt = "Once upon a time";
            Session.Generation free = g.generate(List.of(BatchGenerator.Request.greedy(prompt, List.of())), 48).get(0);
            String text = free.text();
            // Stop at a word from the middle of the free text, and at two strings: the earlier one wins.
            int space = text.indexOf(' ', text.length() / 2);
            assertTrue(space > 0, text);
            String stop = text.substring(space, Math.min(text.length(), space + 4));
            String other = text.substring(text.length() - 3);
            List<Session.Generation> got = g.generate(List.of(
                    BatchGenerator.Request.greedy(prompt, List.of(stop)),
                    BatchGenerator.Request.greedy(prompt, List.of(other, stop)),
                    BatchGenerator.Request.greedy(prompt, List.of("no such text \u00e6"))), 48);
            int at = text.indexOf(stop);
            assertEquals(text.substring(0, at), got.get(0).text());
            assertEquals(Session.StopReason.STOP_STRING, got.get(0).reason());
            assertTrue(got.get(0).tokens() < free.tokens());
            assertEquals(text.substring(0, Math.min(at, text.indexOf(other))), got.get(1).text());
            assertEquals(Session.StopReason.STOP_STRING, got.get(1).reason());
            assertEquals(free, got.get(2));
            // maxNewTokens is respected; 0 draws nothing (here and in the shim itself).
            Session.Generation five = g.generate(List.of(BatchGenerator.Request.greedy(prompt, List.of())), 5).get(0);
            assertEquals(5, five.tokens());
            assertEquals(Session.StopReason.MAX_TOKENS, five.reason());
            assertTrue(text.startsWith(five.text()), five.text());
            Session.Generation none = g.generate(List.of(BatchGenerator.Request.greedy(prompt, List.of())), 0).get(0);
            assertEquals(new Session.Generation("", 0, Session.StopReason.MAX_TOKENS), none);
            Session.Generation shimNone = session.generate(List.of(opened.model().tokenize(prompt, true)),
                    List.of(Sampling.GREEDY), List.of(List.of()), 0).get(0);
            assertEquals(new Session.Generation("", 0, Session.StopReason.MAX_TOKENS), shimNone);
        }
    }

    @Test
    @Tag("both-runtimes")
    void aSequenceWithCellsOfItsOwnEndsWhenTheyAreFull() throws IOException {
        Path file = TestModels.stories260K();
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session session = Session.perSequence(opened.model(), 32, 2, 1, KvType.F32)) {
            assertEquals(32, session.maxTokensPerSequence());
            List<int[]> prompts = List.of(opened.model().tokenize("Once upon a time", true),
                    opened.model().tokenize("The dog ran to the park and played", true));
            List<Session.Generation> got = session.generate(prompts, List.of(Sampling.GREEDY, Sampling.GREEDY),
                    List.of(List.of(), List.of()), 100);
            for (int i = 0; i < prompts.size(); i++) {
                Session.Generation g = got.get(i);
                // The token drawn after position 31 ends it: 32 - prompt cells were fed, one more drawn.
                assertEquals(Session.StopReason.CONTEXT_FULL, g.reason(), g.toString());
                assertEquals(33 - prompts.get(i).length, g.tokens());
            }
            // A prompt longer than a sequence's cells is refused, and so is capture.
            int[] tooLong = new int[33];
            java.util.Arrays.fill(tooLong, prompts.get(0)[1]);
            assertThrows(LlamaFailure.class, () -> session.generate(List.of(tooLong), List.of(Sampling.GREEDY),
                    List.of(List.of()), 1));
            assertThrows(LlamaFailure.class, () -> session.capture(prompts, Pooling.MEAN, 0, 1));
        }
    }

    @Test
    void aPerSequenceGeneratorSizesItsSessionToTheCall() throws IOException {
        Path file = TestModels.stories260K();
        try (ModelOpener.Opened opened = ModelOpener.open(file, 0);
             Session shared = new Session(opened.model(), 512, 8, 1, KvType.F32);
             BatchGenerator g = BatchGenerator.perSequence(opened.model(), 4, 1, KvType.F32, 512)) {
            List<BatchGenerator.Request> requests = new ArrayList<>();
            PROMPTS.forEach(p -> requests.add(BatchGenerator.Request.greedy(p, List.of())));
            List<String> want = texts(new BatchGenerator(shared).generate(requests, 20));
            assertEquals(want, texts(g.generate(requests, 20)));
            assertEquals(256, g.session().maxTokensPerSequence());
            assertEquals(4, g.session().maxSequences());
            // A call that needs more room gets a larger session; a long prompt is cut to the limit.
            String longPrompt = "Once upon a time ".repeat(200) + "there was";
            Session.Generation cut = g.generate(List.of(BatchGenerator.Request.greedy(longPrompt, List.of())), 20)
                    .get(0);
            assertEquals(512, g.session().maxTokensPerSequence());
            assertEquals(1, g.truncatedPrompts());
            assertEquals(20, cut.tokens());
            assertEquals(want, texts(g.generate(requests, 20)));
        }
    }

    private static List<String> texts(List<Session.Generation> g) {
        return g.stream().map(Session.Generation::text).toList();
    }
}
