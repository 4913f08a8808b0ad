package org.babelscope.corpus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The content identity of a corpus, as lowercase hex SHA-256. For each view in corpus order it
 * hashes the UTF-8 bytes of: the view name, NUL, the item count in decimal, NUL, then every text
 * followed by NUL. Texts never contain NUL (readers reject it), so the byte stream is unambiguous,
 * and anyone can recompute it, in Python:
 * <pre>
 * h = hashlib.sha256()
 * for name, texts in views:
 *     h.update(f"{name}\0{len(texts)}\0".encode())
 *     for t in texts: h.update(t.encode() + b"\0")
 * </pre>
 */
final class CorpusDigest {
    private CorpusDigest() {
    }

    static String of(List<View> views) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        for (View view : views) {
            update(digest, view.name());
            update(digest, Integer.toString(view.size()));
            for (String text : view.texts()) {
                update(digest, text);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String s) {
        digest.update(s.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
