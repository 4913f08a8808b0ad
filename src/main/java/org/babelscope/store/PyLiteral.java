package org.babelscope.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of the small subset of Python literals that .npy headers use: dicts, tuples, lists,
 * strings, ints, True, False and None. NumPy writes the header with {@code repr} and reads it with
 * {@code ast.literal_eval}, so other writers vary in spacing, quotes and trailing commas; all are
 * accepted. Values become String, Long, Boolean, {@link #NONE}, List (tuples and lists) and Map.
 */
final class PyLiteral {
    /** Python's None (a Java null would be ambiguous with a missing key). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    /** Parses {@code text}, which must hold exactly one literal (surrounding whitespace allowed). */
    static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        Object value = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the literal");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of header");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return dict();
            case '(':
                return sequence('(', ')');
            case '[':
                return sequence('[', ']');
            case '\'':
            case '"':
                return string();
            default:
                if (c == '-' || c == '+' || Character.isDigit(c)) {
                    return integer();
                }
                if (Character.isLetter(c)) {
                    return name();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> dict() {
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek('}')) {
                pos++;
                return map;
            }
            Object key = value();
            if (!(key instanceof String)) {
                throw error("dictionary key " + key + " is not a string");
            }
            skipSpace();
            expect(':');
            map.put((String) key, value());
            if (!separatorOrEnd('}')) {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char open, char close) {
        expect(open);
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek(close)) {
                pos++;
                return items;
            }
            items.add(value());
            if (!separatorOrEnd(close)) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    /** Consumes a ',' (a trailing one is fine) or sees the closing bracket, left for the caller. */
    private boolean separatorOrEnd(char close) {
        skipSpace();
        if (peek(',')) {
            pos++;
            return true;
        }
        return peek(close);
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        throw error("unterminated string");
    }

    private Long integer() {
        int start = pos;
        if (peek('-') || peek('+')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        String digits = text.substring(start, pos);
        // Python 2 NumPy wrote longs with a suffix: (3L, 4L).
        if (peek('L') || peek('l')) {
            pos++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("'" + digits + "' is not an integer that fits in 64 bits");
        }
    }

    private Object name() {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        switch (word) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return NONE;
            default:
                pos = start;
                throw error("unknown name '" + word + "'");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + pos);
    }
}
