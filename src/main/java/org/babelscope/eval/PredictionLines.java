package org.babelscope.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.babelscope.eval.task.ChoiceItem;
import org.babelscope.eval.task.GenerationItem;

/**
 * The lines of predictions.jsonl, one per item and language (a contract with {@code correlate}):
 * <pre>
 * {"task":"xcopa","lang":"it","item":17,"id":"17","prediction":1,"gold":0,"correct":false,
 *  "prediction_norm":1,"correct_norm":false,"prediction_bytes":1,"correct_bytes":false,
 *  "loglik":[-12.3,-11.9],"tokens":[5,7]}
 * {"task":"mgsm","lang":"de","item":3,"id":"3","prediction":"18","gold":"18","correct":true,
 *  "generation":"18 Dollar"}
 * </pre>
 * {@code item} is the 0-based position in the language's data file; gold and correct are null
 * where the data has no gold label. {@code truncated: true} marks a context cut to fit.
 */
public final class PredictionLines {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PredictionLines() {
    }

    public static ObjectNode choice(String task, ChoiceOutcome o) {
        ChoiceItem item = o.item();
        ObjectNode n = head(task, item.lang(), item.index(), item.id());
        boolean gold = item.hasGold();
        n.put("prediction", o.prediction());
        putGold(n, gold ? item.gold() : null);
        putCorrect(n, "correct", gold ? o.prediction() == item.gold() : null);
        n.put("prediction_norm", o.predictionNorm());
        putCorrect(n, "correct_norm", gold ? o.predictionNorm() == item.gold() : null);
        n.put("prediction_bytes", o.predictionBytes());
        putCorrect(n, "correct_bytes", gold ? o.predictionBytes() == item.gold() : null);
        ArrayNode ll = n.putArray("loglik");
        for (double v : o.loglik()) {
            ll.add(v);
        }
        ArrayNode tokens = n.putArray("tokens");
        for (int t : o.tokens()) {
            tokens.add(t);
        }
        if (o.truncated()) {
            n.put("truncated", true);
        }
        return n;
    }

    public static ObjectNode generation(String task, GenerationItem item, String generation, Optional<String> answer,
            boolean correct) {
        ObjectNode n = head(task, item.lang(), item.index(), item.id());
        if (answer.isPresent()) {
            n.put("prediction", answer.get());
        } else {
            n.putNull("prediction");
        }
        n.put("gold", item.gold());
        n.put("correct", correct);
        n.put("generation", generation);
        return n;
    }

    private static ObjectNode head(String task, String lang, int index, String id) {
        ObjectNode n = F.objectNode();
        n.put("task", task);
        n.put("lang", lang);
        n.put("item", index);
        n.put("id", id);
        return n;
    }

    private static void putGold(ObjectNode n, Integer gold) {
        if (gold == null) {
            n.putNull("gold");
        } else {
            n.put("gold", gold);
        }
    }

    private static void putCorrect(ObjectNode n, String field, Boolean v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }
}
