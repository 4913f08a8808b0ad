package org.babelscope.corpus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.babelscope.BadInputException;

/**
 * JSON Lines: one JSON object per line. Blank lines are skipped, since in this format they hold
 * no item for any view and so cannot shift one view against another. A duplicate key or anything
 * after the object is an error, not silently resolved.
 */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One object and the 1-based line it came from. */
    public record Line(int number, ObjectNode object) {
    }

    private JsonLines() {
    }

    /** The objects of {@code lines} (from {@link TextLines}); {@code source} names them in messages. */
    public static List<Line> parse(List<String> lines, String source) {
        List<Line> result = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new BadInputException(source + ", line " + (i + 1) + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (!(node instanceof ObjectNode object)) {
                throw new BadInputException(source + ", line " + (i + 1) + ": expected a JSON object, found "
                        + node.getNodeType().toString().toLowerCase());
            }
            result.add(new Line(i + 1, object));
        }
        return result;
    }
}
