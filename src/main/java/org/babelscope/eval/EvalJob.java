package org.babelscope.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.babelscope.eval.task.ChoiceItem;
import org.babelscope.eval.task.GenerationItem;
import org.babelscope.eval.task.NumberAnswer;
import org.babelscope.eval.task.TaskSet;
import org.babelscope.lens.Steering;
import org.babelscope.model.llama.BatchGenerator;
import org.babelscope.model.llama.LoadedModel;
import org.babelscope.model.llama.Session;

/**
 * Runs a task's items through a model into a {@link PredictionsFile}, skipping those already
 * there: multiple choice by log-likelihood ({@link ChoiceScorer}, or the one-request-at-a-time
 * {@link NaiveChoiceScorer}), MGSM by greedy generation ({@link BatchGenerator}, many items per
 * decode) and number extraction.
 */
public final class EvalJob {
    /** Called as items finish: items done (resumed ones included) out of all. */
    public interface Listener {
        void progress(long done, long total);
    }

    /** What this run scored (not counting resumed items) and how long it took. */
    public record Timing(int items, int requests, double seconds) {
        public double itemsPerSecond() {
            return items / seconds;
        }
    }

    private final TaskSet set;
    private final int limit;
    private final PredictionsFile out;
    private final Listener listener;

    /** @param limit the first {@code limit} items of each language (0: all) */
    public EvalJob(TaskSet set, int limit, PredictionsFile out, Listener listener) {
        this.set = set;
        this.limit = limit;
        this.out = out;
        this.listener = listener;
    }

    private <T> List<T> first(List<T> items) {
        return first(limit, items);
    }

    private static <T> List<T> first(int limit, List<T> items) {
        return limit > 0 && items.size() > limit ? items.subList(0, limit) : items;
    }

    public long totalItems() {
        long n = 0;
        for (String lang : set.languages()) {
            n += set.task().isGeneration() ? first(set.generationItems(lang)).size() : first(set.choiceItems(lang)).size();
        }
        return n;
    }

    /**
     * The first {@code limit} items (0: all) of every language of {@code set} that {@code skip}
     * does not name, tokenized for {@code model} and decodes of {@code maxTokens}.
     */
    public static List<TokenizedItem> tokenize(TaskSet set, int limit, LoadedModel model, int maxTokens,
            BiPredicate<String, Integer> skip) {
        List<TokenizedItem> todo = new ArrayList<>();
        for (String lang : set.languages()) {
            for (ChoiceItem item : first(limit, set.choiceItems(lang))) {
                if (!skip.test(lang, item.index())) {
                    todo.add(TokenizedItem.of(model, item, maxTokens));
                }
            }
        }
        return todo;
    }

    /**
     * Scores every choice item left to do, one language after another (batches never mix
     * languages, so a language scores bit for bit the same whether or not others are steered).
     * With {@code steering}, each language's vectors are set on the session before its items
     * (none for the pivot).
     */
    public Timing runChoices(LoadedModel model, Session session, boolean naive, Steering steering) {
        List<TokenizedItem> todo = tokenize(set, limit, model, session.maxTokens(), out::isDone);
        long total = totalItems();
        long[] done = {out.doneCount()};
        int requests = todo.stream().mapToInt(t -> t.continuations().size()).sum();
        long start = System.nanoTime();
        Consumer<List<ChoiceOutcome>> sink = outcomes -> {
            List<ObjectNode> lines = new ArrayList<>();
            for (ChoiceOutcome o : outcomes) {
                lines.add(PredictionLines.choice(set.task().cliName(), o));
            }
            append(lines);
            done[0] += outcomes.size();
            listener.progress(done[0], total);
        };
        Map<String, List<TokenizedItem>> byLanguage = new LinkedHashMap<>();
        for (TokenizedItem t : todo) {
            byLanguage.computeIfAbsent(t.item().lang(), k -> new ArrayList<>()).add(t);
        }
        try {
            for (Map.Entry<String, List<TokenizedItem>> e : byLanguage.entrySet()) {
                if (steering != null) {
                    session.setControlVector(steering.vectors(e.getKey()));
                }
                score(session, naive, e.getValue(), sink);
            }
        } finally {
            if (steering != null) {
                session.clearControlVector();
            }
        }
        return new Timing(todo.size(), requests, (System.nanoTime() - start) / 1e9);
    }

    private static void score(Session session, boolean naive, List<TokenizedItem> todo,
            Consumer<List<ChoiceOutcome>> sink) {
        if (naive) {
            new NaiveChoiceScorer(session).score(todo, sink);
        } else {
            new ChoiceScorer(session).score(todo, sink);
        }
    }

    /**
     * Generates (greedily) every generation item left to do, many items per call of
     * {@code generator}: languages that run with the same control vectors (all of them when nothing
     * steers) share calls; a language with other vectors gets calls of its own, with its vectors
     * set on the session (none for the pivot). Lines are appended call by call, in item order.
     */
    public Timing runGeneration(BatchGenerator generator, int maxNewTokens, Steering steering) {
        long total = totalItems();
        long[] done = {out.doneCount()};
        List<List<GenerationItem>> groups = new ArrayList<>();
        List<TreeMap<Integer, float[]>> groupVectors = new ArrayList<>();
        for (String lang : set.languages()) {
            TreeMap<Integer, float[]> vectors = steering == null ? new TreeMap<>() : steering.vectors(lang);
            List<GenerationItem> todo = new ArrayList<>();
            for (GenerationItem item : first(set.generationItems(lang))) {
                if (!out.isDone(lang, item.index())) {
                    todo.add(item);
                }
            }
            if (todo.isEmpty()) {
                continue;
            }
            if (!groups.isEmpty() && sameVectors(vectors, groupVectors.get(groupVectors.size() - 1))) {
                groups.get(groups.size() - 1).addAll(todo);
            } else {
                groups.add(todo);
                groupVectors.add(vectors);
            }
        }
        int items = 0;
        long start = System.nanoTime();
        try {
            for (int g = 0; g < groups.size(); g++) {
                List<GenerationItem> todo = groups.get(g);
                if (steering != null) {
                    generator.setControlVector(groupVectors.get(g));
                }
                List<BatchGenerator.Request> requests = new ArrayList<>(todo.size());
                for (GenerationItem item : todo) {
                    requests.add(BatchGenerator.Request.greedy(item.prompt(), item.stopStrings()));
                }
                generator.generate(requests, maxNewTokens, (from, generations) -> {
                    List<ObjectNode> lines = new ArrayList<>();
                    for (int i = 0; i < generations.size(); i++) {
                        GenerationItem item = todo.get(from + i);
                        String text = generations.get(i).text();
                        Optional<String> answer = NumberAnswer.extract(text);
                        boolean correct = answer.map(a -> NumberAnswer.matches(a, item.gold())).orElse(false);
                        lines.add(PredictionLines.generation(set.task().cliName(), item, text, answer, correct));
                    }
                    append(lines);
                    done[0] += generations.size();
                    listener.progress(done[0], total);
                });
                items += todo.size();
            }
        } finally {
            if (steering != null) {
                generator.clearControlVector();
            }
        }
        return new Timing(items, items, (System.nanoTime() - start) / 1e9);
    }

    /** Whether two sets of control vectors are the same (layers and values). */
    static boolean sameVectors(TreeMap<Integer, float[]> a, TreeMap<Integer, float[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, float[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private void append(List<ObjectNode> lines) {
        try {
            out.append(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
