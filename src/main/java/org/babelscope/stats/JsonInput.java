package org.babelscope.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.babelscope.BadInputException;
import org.babelscope.corpus.JsonLines;
import org.babelscope.corpus.TextLines;

/** Reads the JSON and JSONL inputs of correlate and the report commands; every failure names the file (and line). */
public final class JsonInput {
    /** babelscope writes an undefined number (NaN) as null ({@code report.JsonNumbers}); null reads as NaN. */
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonInput() {
    }

    interface LineHandler {
        void line(int lineNo, JsonNode node);
    }

    static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(what + " " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
    }

    public static JsonNode readJson(Path file, String what) {
        requireFile(file, what);
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new BadInputException(what + " " + file + ": empty file");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInputException(what + " " + file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new BadInputException(what + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Each non-blank line as one JSON object, read as every JSONL input of babelscope is
     * ({@link TextLines}: strict UTF-8, BOM, line ends; {@link JsonLines}: one object, no duplicate
     * keys). Returns the objects read.
     */
    static int readLines(Path file, String what, LineHandler handler) {
        requireFile(file, what);
        List<JsonLines.Line> lines = JsonLines.parse(TextLines.read(file), what + " " + file);
        for (JsonLines.Line line : lines) {
            handler.line(line.number(), line.object());
        }
        return lines.size();
    }

    static String at(Path file, int lineNo) {
        return file + ":" + lineNo;
    }

    /** A number, or NaN for null; anything else is bad input. */
    static double number(JsonNode v, String where) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new BadInputException(where + ": expected a number, got " + v);
        }
        return v.asDouble();
    }

    static double[] numbers(JsonNode array, String where) {
        if (array == null || !array.isArray()) {
            throw new BadInputException(where + ": expected an array of numbers");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(array.get(i), where + "[" + i + "]");
        }
        return out;
    }
}
