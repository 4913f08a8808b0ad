package org.babelscope.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.babelscope.BadInputException;

/**
 * Strict UTF-8 lines of a text file, one item per line.
 *
 * <p>Lines end at '\n' only, as {@code wc -l} and the data sets' own tools count them; a '\r'
 * before it (CRLF files) is dropped, but a lone '\r' or U+2028 inside a line is text, not a line
 * break ({@code BufferedReader.readLine} would split there and shift every later item). The final
 * '\n' ends the last line rather than opening an empty one; every other empty line is an item,
 * because dropping it would shift the items after it against the other languages. A UTF-8 byte
 * order mark at the start is skipped. Malformed UTF-8 and NUL characters are errors naming the
 * file and line: a text cannot reach the model intact with either.
 *
 * <p>A file is read and decoded whole, then cut at '\n': fast for corpus files (FLORES's 82 × 1012
 * lines are 18 MB), and a decoding error's byte offset still gives its line number.
 */
public final class TextLines {
    private TextLines() {
    }

    /** The lines of {@code file}. */
    public static List<String> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no such file: " + file, e);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return split(bytes, file.toString());
    }

    /** The lines of {@code bytes}; {@code source} names them in messages. */
    public static List<String> split(byte[] bytes, String source) {
        int from = hasBom(bytes) ? 3 : 0;
        String text = decode(bytes, from, source);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            String line = text.substring(start, stop);
            TextCheck.require(line, source + ", line " + (lines.size() + 1));
            lines.add(line);
            start = end + 1;
        }
        return lines;
    }

    private static boolean hasBom(byte[] b) {
        return b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
    }

    /** Decodes the whole buffer at once (fast), and on an error finds its line from the byte offset. */
    private static String decode(byte[] bytes, int from, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate(bytes.length - from);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = from; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new BadInputException(source + ", line " + line + ": not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[at] & 0xFF) + " at byte offset " + at + "); corpus files must be UTF-8");
        }
        return out.flip().toString();
    }
}
