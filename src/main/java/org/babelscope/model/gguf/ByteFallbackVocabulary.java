package org.babelscope.model.gguf;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small SentencePiece-style vocabulary ({@code tokenizer.ggml.model = llama}) that spells any
 * UTF-8 text: {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens {@code <0x00>} to
 * {@code <0xFF>} (ids 3 to 258, as in Llama's own vocabulary), then single characters and a few
 * English words with their leading {@code ▁} (SentencePiece's space). Text in any other script
 * falls back to its UTF-8 bytes.
 *
 * <p>llama.cpp's SentencePiece tokenizer builds pieces by merging adjacent symbols whose
 * concatenation is itself a piece, so every prefix of a word piece is a piece too
 * ({@code ▁t}, {@code ▁th}, {@code ▁the}): otherwise a word could never be reached.
 */
final class ByteFallbackVocabulary {
    /** llama.cpp's token types. */
    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int BYTE = 6;

    static final int UNK_ID = 0;
    static final int BOS_ID = 1;
    static final int EOS_ID = 2;

    private static final String SPACE = "\u2581";
    private static final String[] WORDS = {
        "the", "a", "and", "of", "to", "in", "is", "was", "it", "that", "he", "she", "they", "you", "on",
        "with", "for", "one", "once", "upon", "time", "there", "little", "girl", "boy", "day", "cat", "dog",
        "hello", "world", "answer", "what", "this", "are", "not", "be", "have", "said", "happy", "big",
    };
    private static final String CHARACTERS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'\":;-()";

    final List<String> tokens = new ArrayList<>();
    final List<Float> scores = new ArrayList<>();
    final List<Integer> types = new ArrayList<>();

    ByteFallbackVocabulary() {
        add("<unk>", 0f, UNKNOWN);
        add("<s>", 0f, CONTROL);
        add("</s>", 0f, CONTROL);
        for (int b = 0; b < 256; b++) {
            add(String.format("<0x%02X>", b), 0f, BYTE);
        }
        // Word pieces and their prefixes, scored like SentencePiece's log-probabilities: more
        // negative the later (rarer) they come, single characters below every word piece.
        Set<String> pieces = new LinkedHashSet<>();
        pieces.add(SPACE);
        for (String word : WORDS) {
            String piece = SPACE + word;
            for (int end = 2; end <= piece.length(); end++) {
                pieces.add(piece.substring(0, end));
            }
        }
        int rank = 0;
        for (String p : pieces) {
            add(p, -1f - 0.01f * rank++, NORMAL);
        }
        for (int i = 0; i < CHARACTERS.length(); i++) {
            add(String.valueOf(CHARACTERS.charAt(i)), -10f - 0.01f * i, NORMAL);
        }
    }

    private void add(String token, float score, int type) {
        tokens.add(token);
        scores.add(score);
        types.add(type);
    }

    int size() {
        return tokens.size();
    }
}
