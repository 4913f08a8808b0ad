package org.babelscope.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately simple tokenizer for tests against SentencePiece vocabularies: spaces become
 * {@code ▁} (with one in front, as llama's tokenizer adds), then at each position the longest
 * piece of the vocabulary that matches is taken, and a character no piece starts with is spelled
 * with its UTF-8 byte tokens {@code <0xXX>}. It does not reproduce SentencePiece's merge order, so
 * its tokens can differ from llama.cpp's; they are still a valid spelling of the text.
 */
public final class GreedyTokenizer {
    private final Map<String, Integer> ids = new HashMap<>();
    private final int maxPieceLength;
    private final int bos;

    public GreedyTokenizer(String[] vocabulary, int bosId) {
        int max = 1;
        for (int i = 0; i < vocabulary.length; i++) {
            ids.putIfAbsent(vocabulary[i], i);
            max = Math.max(max, vocabulary[i].length());
        }
        this.maxPieceLength = max;
        this.bos = bosId;
    }

    /** The tokens of {@code text}, after the BOS token. */
    public int[] tokenize(String text) {
        String s = "\u2581" + text.replace(' ', '\u2581');
        List<Integer> out = new ArrayList<>();
        out.add(bos);
        int i = 0;
        while (i < s.length()) {
            int len = Math.min(maxPieceLength, s.length() - i);
            while (len > 0 && !ids.containsKey(s.substring(i, i + len))) {
                len--;
            }
            if (len > 0) {
                out.add(ids.get(s.substring(i, i + len)));
                i += len;
                continue;
            }
            int cp = s.codePointAt(i);
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                Integer id = ids.get(String.format("<0x%02X>", b & 0xFF));
                if (id == null) {
                    throw new IllegalArgumentException("the vocabulary cannot spell " + new String(Character.toChars(cp)));
                }
                out.add(id);
            }
            i += Character.charCount(cp);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
