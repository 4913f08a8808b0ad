package org.babelscope.eval.task;

import com.fasterxml.jackson.databind.JsonNode;
import org.babelscope.BadInputException;
import org.babelscope.corpus.TextCheck;

/** Typed fields of a JSON object, with messages that name the file, line and field. */
final class Fields {
    private Fields() {
    }

    static String text(JsonNode object, String field, String where) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw new BadInputException(where + ": missing field \"" + field + "\"");
        }
        if (!node.isTextual()) {
            throw new BadInputException(where + ": field \"" + field + "\" must be a string, found "
                    + node.getNodeType().toString().toLowerCase());
        }
        TextCheck.require(node.textValue(), where + ", field " + field);
        return node.textValue();
    }

    /** A string that must hold more than whitespace. */
    static String nonBlank(JsonNode object, String field, String where) {
        String s = text(object, field, where);
        if (Prompts.strip(s).isEmpty()) {
            throw new BadInputException(where + ": field \"" + field + "\" is empty");
        }
        return s;
    }

    static int integer(JsonNode object, String field, String where) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw new BadInputException(where + ": missing field \"" + field + "\"");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadInputException(where + ": field \"" + field + "\" must be an integer, found "
                    + (node.isTextual() ? "the string \"" + node.textValue() + "\"" : node.toString()));
        }
        return node.intValue();
    }
}
