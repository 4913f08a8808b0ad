package org.babelscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDigestTest {
    @TempDir
    Path tmp;

    @Test
    void digestIsTheFilesSha256AndIsRememberedUntilTheFileChanges() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(17).nextBytes(bytes);
        Path f = Files.write(tmp.resolve("m.gguf"), bytes);
        String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(want, ModelDigest.sha256(f));
        Path cache = ModelDigest.cacheDir().resolve("model-digests.properties");
        assertTrue(Files.readString(cache).contains(want), "remembered");
        assertEquals(want, ModelDigest.sha256(tmp.resolve(".").resolve("m.gguf")), "same file by another path");
        // The remembered value is what a second call returns (no rehash): plant another one.
        String planted = "ab".repeat(32);
        Files.writeString(cache, Files.readString(cache).replace(want, planted));
        assertEquals(planted, ModelDigest.sha256(f), "read from the cache, not hashed again");

        bytes[5] ^= 1;
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        Files.write(f, longer);
        String changed = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(longer));
        assertNotEquals(want, changed);
        assertEquals(changed, ModelDigest.sha256(f), "a changed file is hashed again");
    }
}
