package org.babelscope.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.babelscope.metrics.ItemScores;

/**
 * The per-item DALI scores of {@code align}, one JSON line per language and item, beside
 * results.json (which names the file under {@code item_scores}):
 * <pre>
 * {"lang":"it","pivot":"eng-it","item":17,"dali":[0,1,1],"dali_s":[0,0,1],"dali_margin":[-0.012,0.031,0.2]}
 * </pre>
 * Arrays hold one value per entry of results.json's {@code layers}; {@code item} is the 0-based
 * item index of the store (the line of the task file), which {@code eval} writes too.
 */
public final class ItemScoresFile {
    private static final JsonFactory JSON = new JsonFactory();

    private ItemScoresFile() {
    }

    /** {@code results.json} → {@code results.items.jsonl}, in the same folder. */
    public static Path besides(Path resultsJson) {
        String name = resultsJson.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return resultsJson.resolveSibling(stem + ".items.jsonl");
    }

    public static void write(Path out, ItemScores scores) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.setRootValueSeparator(null);
            for (ItemScores.Language lang : scores.languages()) {
                for (int i = 0; i < scores.items(); i++) {
                    g.writeStartObject();
                    g.writeStringField("lang", lang.language());
                    g.writeStringField("pivot", lang.pivot());
                    g.writeNumberField("item", i);
                    writeBytes(g, "dali", lang.dali()[i]);
                    if (lang.daliStrict() != null) {
                        writeBytes(g, "dali_s", lang.daliStrict()[i]);
                    }
                    g.writeArrayFieldStart("dali_margin");
                    for (float m : lang.margin()[i]) {
                        g.writeNumber(m);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeRaw('\n');
                }
            }
        }
        ResultFiles.writeAtomically(out, bytes.toByteArray());
    }

    private static void writeBytes(JsonGenerator g, String field, byte[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (byte v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }
}
