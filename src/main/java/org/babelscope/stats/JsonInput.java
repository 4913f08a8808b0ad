package org.babelscope.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.babelscope.BadInputException;

/** Reads the JSON and JSONL inputs of correlate; every failure names the file (and line). */
final class JsonInput {
    /** NaN and Infinity are accepted: Jackson writes them so by default, and align may. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

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

    static JsonNode readJson(Path file, String what) {
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

    /** Each non-blank line as one JSON object; blank lines are skipped. Returns the objects read. */
    static int readLines(Path file, String what, LineHandler handler) {
        requireFile(file, what);
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new BadInputException(at(file, lineNo) + ": not valid JSON: " + e.getOriginalMessage(), e);
                }
                if (node == null || !node.isObject()) {
                    throw new BadInputException(at(file, lineNo) + ": expected a JSON object");
                }
                handler.line(lineNo, node);
                count++;
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(what + " " + file + ": no such file", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadInputException(what + " " + file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(what + " " + file + ": cannot read: " + e.getMessage(), e);
        }
        return count;
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
