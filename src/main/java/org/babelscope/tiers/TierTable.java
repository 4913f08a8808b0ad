package org.babelscope.tiers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed tier table: one row per ISO 639-3 code. Parsing is strict, because a mistyped class
 * or tier would silently move a language between tiers in every report.
 */
final class TierTable {
    static final String HEADER = "iso639_3\tclass\ttier\tname\tnote";

    /** One language: its code, Joshi et al. class, tier, English name and note (may be empty). */
    record Row(String code, int joshiClass, Tier tier, String name, String note) {
    }

    private final Map<String, Row> rows;

    private TierTable(Map<String, Row> rows) {
        this.rows = Map.copyOf(rows);
    }

    Optional<Row> row(String code) {
        return Optional.ofNullable(rows.get(code));
    }

    int size() {
        return rows.size();
    }

    /**
     * Reads a table: {@code #} comment lines and blank lines anywhere, then the header, then rows of
     * tab-separated code, class, tier, name and an optional note.
     *
     * @param source names the table in error messages
     * @throws IllegalStateException naming the line, for any row that is malformed, repeats a
     *     code, has a class outside 0..5 or a tier that does not follow from its class
     */
    static TierTable parse(Reader in, String source) {
        Map<String, Row> rows = new HashMap<>();
        boolean headerSeen = false;
        try (BufferedReader r = new BufferedReader(in)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String where = source + " line " + lineNo;
                if (!headerSeen) {
                    if (!line.equals(HEADER)) {
                        throw new IllegalStateException(where + ": expected the header \""
                                + HEADER.replace("\t", "\\t") + "\", found \"" + line + "\"");
                    }
                    headerSeen = true;
                    continue;
                }
                Row row = row(line, where);
                if (rows.putIfAbsent(row.code(), row) != null) {
                    throw new IllegalStateException(where + ": code " + row.code() + " appears twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        if (!headerSeen) {
            throw new IllegalStateException(source + ": no header \"" + HEADER.replace("\t", "\\t") + "\"");
        }
        return new TierTable(rows);
    }

    private static Row row(String line, String where) {
        String[] f = line.split("\t", -1);
        if (f.length < 4 || f.length > 5) {
            throw new IllegalStateException(where + ": expected 4 or 5 tab-separated columns, found "
                    + f.length + ": \"" + line + "\"");
        }
        String code = f[0];
        if (!code.matches("[a-z]{3}")) {
            throw new IllegalStateException(where + ": \"" + code + "\" is not an ISO 639-3 code (three lower-case letters)");
        }
        int joshiClass;
        try {
            joshiClass = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": class \"" + f[1] + "\" of " + code + " is not a number");
        }
        if (joshiClass < 0 || joshiClass > 5) {
            throw new IllegalStateException(where + ": class " + joshiClass + " of " + code + " is outside 0..5");
        }
        Tier expected = Tier.ofJoshiClass(joshiClass);
        if (!f[2].equals(expected.cliName())) {
            throw new IllegalStateException(where + ": tier \"" + f[2] + "\" of " + code + " does not follow from class "
                    + joshiClass + " (which is " + expected.cliName() + ")");
        }
        if (f[3].isBlank()) {
            throw new IllegalStateException(where + ": " + code + " has no name");
        }
        return new Row(code, joshiClass, expected, f[3], f.length == 5 ? f[4] : "");
    }
}
