package org.babelscope.eval.task;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.babelscope.BadInputException;
import org.babelscope.corpus.TextLines;

/**
 * A JSON file holding one array of objects, each with the 1-based line where it starts: X-CSQA's
 * files, read by the xcsqa task and by calm. A duplicate key or text after the array is an error.
 */
public final class JsonArrays {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public record Element(int line, ObjectNode object) {
    }

    private JsonArrays() {
    }

    static List<Element> read(Path file) {
        // Through TextLines for its strict UTF-8 and NUL checks with line numbers.
        return parse(TextLines.read(file), file.toString());
    }

    /** The objects of {@code lines} (from {@link TextLines}); {@code file} names them in messages. */
    public static List<Element> parse(List<String> lines, String file) {
        String text = String.join("\n", lines);
        List<Element> result = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                throw new BadInputException(file + ", line " + p.currentLocation().getLineNr()
                        + ": expected a JSON array of objects" + (t == null ? ", the file is empty" : ""));
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int line = p.currentLocation().getLineNr();
                if (t == null) {
                    throw new BadInputException(file + ", line " + line + ": the array is not closed");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new BadInputException(file + ", line " + line + ": expected a JSON object in the array, found "
                            + p.getText());
                }
                JsonNode node = JSON.readTree(p);
                result.add(new Element(line, (ObjectNode) node));
            }
            if (p.nextToken() != null) {
                throw new BadInputException(file + ", line " + p.currentLocation().getLineNr()
                        + ": text after the JSON array");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new BadInputException(file + ", line " + line + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (result.isEmpty()) {
            throw new BadInputException(file + " holds an empty array; expected at least one item");
        }
        return result;
    }
}
