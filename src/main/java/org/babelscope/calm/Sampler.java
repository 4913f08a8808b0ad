package org.babelscope.calm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.babelscope.eval.PredictionsFile;

/**
 * Samples S answers per question and language, one language × question at a time, appending a line
 * per finished pair to a {@link PredictionsFile} so that a rerun skips what is done. Each request
 * draws with its own seed, a hash of (run seed, language (cn = zh), item, sample), so an answer does not
 * depend on what ran before it, and a resumed run draws what an uninterrupted one would have.
 */
public final class Sampler {
    /** Generates one answer for a prompt with a seed. */
    @FunctionalInterface
    public interface Generator {
        String generate(String prompt, int seed);
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

    public void run(List<CalmQuestion> questions, PredictionsFile out, Generator generator, Progress progress)
            throws IOException {
        int total = questions.stream().mapToInt(q -> q.byLanguage().size()).sum();
        int finished = out.doneCount();
        for (CalmQuestion q : questions) {
            for (Map.Entry<String, LanguageSamples> e : q.byLanguage().entrySet()) {
                if (out.isDone(e.getKey(), q.item())) {
                    continue;
                }
                ObjectNode line = JSON.createObjectNode();
                line.put("lang", e.getKey());
                line.put("item", q.item());
                line.put("gold", q.gold());
                line.put("instruction", e.getValue().instruction());
                line.put("input", e.getValue().input());
                var answers = line.putArray("samples");
                for (int k = 0; k < samples; k++) {
                    answers.add(generator.generate(prompt(e.getValue()), Objects.hash(seed, CalmLanguages.canonical(e.getKey()), q.item(), k)));
                }
                out.append(List.of(line));
                progress.done(++finished, total);
            }
        }
    }
}
