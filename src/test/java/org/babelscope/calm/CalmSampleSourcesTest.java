package org.babelscope.calm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sample files are read as every JSON input of babelscope is (corpus TextLines, JsonLines). */
class CalmSampleSourcesTest {
    private static final String BOM = "\uFEFF";
    private static final String INPUT = "Q?\\nA. x\\nB. y\\nAnswer:";

    @TempDir
    Path tmp;

    private static String line(String lang, int item) {
        return "{\"lang\":\"" + lang + "\",\"item\":" + item + ",\"gold\":\"A\",\"instruction\":\"Answer.\",\"input\":\""
                + INPUT + "\",\"samples\":[\"Answer: A\"]}";
    }

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsAreRead() throws IOException {
        Path jsonl = write("samples.jsonl", BOM + line("en", 0) + "\r\n" + line("de", 0) + "\r\n" + line("en", 1)
                + "\r\n" + line("de", 1) + "\r\n");
        SampleSources.Loaded loaded = SampleSources.read(List.of(jsonl.toString()), List.of(), true);
        assertEquals(List.of("en", "de"), loaded.languages());
        assertEquals(2, loaded.questions().size());

        Path array = write("x_csqa_en_train_sampled.json", BOM + "[{\"instruction\":\"Answer.\",\"input\":\"" + INPUT
                + "\",\"output\":\"A\",\"pred\":[\"Answer: A\"]}]\r\n");
        assertEquals(1, SampleSources.read(List.of("en=" + array), List.of(), true).questions().size());
    }

    @Test
    void aDuplicateKeyIsRefusedNotResolved() throws IOException {
        Path jsonl = write("dup.jsonl", line("en", 0).replace("{\"lang\":\"en\",", "{\"lang\":\"en\",\"lang\":\"de\","));
        BadInputException e = assertThrows(BadInputException.class,
                () -> SampleSources.read(List.of(jsonl.toString()), List.of(), true));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());

        // The released layout too, read as eval's xcsqa task reads the same files.
        Path array = write("x_csqa_de_train_sampled.json", "[\n{\"instruction\":\"Answer.\",\"input\":\"" + INPUT
                + "\",\n\"output\":\"A\",\"output\":\"B\",\"pred\":[\"Answer: A\"]}]\n");
        e = assertThrows(BadInputException.class, () -> SampleSources.read(List.of("de=" + array), List.of(), true));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }
}
