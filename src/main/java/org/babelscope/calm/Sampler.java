package org.babelscope.calm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.babelscope.eval.PredictionsFile;

/**
 * Samples S answers per question and language, every language × sample of a question in one call
 * of the generator (one batch), appending a line per finished question × language to a
 * {@link PredictionsFile} so that a rerun skips what is done. Each request
 * draws with its own seed, a hash of (run seed, language (cn = zh), item, sample), so an answer does not
 * depend on what ran before it, and a resumed run draws what an uninterrupted one would have.
 */
public final class Sampler {
    /** Generates one answer for a prompt with a seed. */
    @FunctionalInterface
    public interface Generator {
        String generate(String prompt, int seed);
    }

    /** One answer to draw: the prompt of a language's question and the seed of this sample. */
    public record Request(String lang, int item, int sample, String prompt, int seed) {
    }

    /** Generates an answer for every request, in order (all of them together, as one batch). */
    @FunctionalInterface
    public interface Batch {
        List<String> generate(List<Request> requests);
    }

    /** Told after each finished question × language. */
    @FunctionalInterface
    public interface Progress {
        void done(int finished, int total);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int samples;
    private final long seed;

    public Sampler(int samples, long seed) {
        this.samples = samples;
        this.seed = seed;
    }

    /** The prompt: the data's instruction, a newline, its input (question, options, answer marker), a newline. */
    public static String prompt(LanguageSamples question) {
        return question.prompt() + "\n";
    }

    /** The seed of one answer: a hash of (run seed, language (cn = zh), item, sample). */
    public int seed(String lang, int item, int sample) {
        return Objects.hash(seed, CalmLanguages.canonical(lang), item, sample);
    }

    /** {@link #runBatched} with a generator that answers one request at a time. */
    public void run(List<CalmQuestion> questions, PredictionsFile out, Generator generator, Progress progress)
            throws IOException {
        runBatched(questions, out, requests -> {
            List<String> answers = new ArrayList<>(requests.size());
            for (Request r : requests) {
                answers.add(generator.generate(r.prompt(), r.seed()));
            }
            return answers;
        }, progress);
    }

    /**
     * Samples every question: the languages not yet done × S samples of a question in one call of
     * {@code generator}, then a line per language.
     */
    public void runBatched(List<CalmQuestion> questions, PredictionsFile out, Batch generator, Progress progress)
            throws IOException {
        int total = questions.stream().mapToInt(q -> q.byLanguage().size()).sum();
        int finished = out.doneCount();
        for (CalmQuestion q : questions) {
            List<Map.Entry<String, LanguageSamples>> todo = new ArrayList<>();
            List<Request> requests = new ArrayList<>();
            for (Map.Entry<String, LanguageSamples> e : q.byLanguage().entrySet()) {
                if (out.isDone(e.getKey(), q.item())) {
                    continue;
                }
                todo.add(e);
                for (int k = 0; k < samples; k++) {
                    requests.add(new Request(e.getKey(), q.item(), k, prompt(e.getValue()), seed(e.getKey(), q.item(), k)));
                }
            }
            if (todo.isEmpty()) {
                continue;
            }
            List<String> answers = generator.generate(requests);
            if (answers.size() != requests.size()) {
                throw new IllegalStateException(requests.size() + " requests, " + answers.size() + " answers");
            }
            for (int i = 0; i < todo.size(); i++) {
                Map.Entry<String, LanguageSamples> e = todo.get(i);
                ObjectNode line = JSON.createObjectNode();
                line.put("lang", e.getKey());
                line.put("item", q.item());
                line.put("gold", q.gold());
                line.put("instruction", e.getValue().instruction());
                line.put("input", e.getValue().input());
                var lineAnswers = line.putArray("samples");
                for (int k = 0; k < samples; k++) {
                    lineAnswers.add(answers.get(i * samples + k));
                }
                out.append(List.of(line));
                progress.done(++finished, total);
            }
        }
    }
}
