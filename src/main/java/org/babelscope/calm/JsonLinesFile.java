package org.babelscope.calm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.babelscope.BadInputException;
import org.babelscope.corpus.JsonLines;
import org.babelscope.corpus.TextLines;
import org.babelscope.report.ResultFiles;

/** Records as JSON lines: written whole or not at all; read through corpus's JsonLines, then bound to a record type. */
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

    /**
     * The file's lines as records of {@code type}, read as every JSONL input of babelscope is
     * ({@link TextLines}: strict UTF-8, BOM, line ends; {@link JsonLines}: one object per line, no
     * duplicate keys), then bound to the record.
     */
    public static <T> List<T> read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no such file: " + file);
        }
        List<T> records = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.parse(TextLines.read(file), file.toString())) {
            try {
                records.add(JSON.treeToValue(line.object(), type));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new BadInputException(file + ", line " + line.number() + ": not a " + type.getSimpleName()
                        + " line: " + e.getMessage(), e);
            }
        }
        if (records.isEmpty()) {
            throw new BadInputException(file + " holds no lines");
        }
        return records;
    }
}
