package org.babelscope.calm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.babelscope.BadInputException;
import org.babelscope.report.ResultFiles;

/** Records as JSON lines: written whole or not at all, read back with the line of any fault. */
public final class JsonLinesFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesFile() {
    }

    public static void write(Path file, List<?> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Object r : records) {
            sb.append(JSON.writeValueAsString(r)).append('\n');
        }
        ResultFiles.writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static <T> List<T> read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no such file: " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<T> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(JSON.readValue(lines.get(i), type));
            } catch (IOException e) {
                throw new BadInputException(file + ", line " + (i + 1) + ": not a " + type.getSimpleName() + " line: "
                        + e.getMessage(), e);
            }
        }
        if (records.isEmpty()) {
            throw new BadInputException(file + " holds no lines");
        }
        return records;
    }
}
