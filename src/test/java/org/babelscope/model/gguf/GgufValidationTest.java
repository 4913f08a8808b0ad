package org.babelscope.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every malformed file must be refused with a {@link BadInputException} that names the file and
 * says what is wrong, before native code could see it. Bad files are made by writing a valid
 * tiny model (or a small GGUF file) and corrupting bytes in one place.
 */
class GgufValidationTest {
    @TempDir
    Path tmp;

    private Path valid;
    private GgufBytes model;

    @BeforeEach
    void writeValidModel() throws IOException {
        valid = tmp.resolve("valid.gguf");
        TinyLlama.write(TinyLlama.Spec.builder().nLayer(1).nEmbd(32).nHead(2).nHeadKv(1).nFf(64).build(), valid);
        GgufFile.open(valid); // the uncorrupted file passes
        model = GgufBytes.read(valid);
    }

    /** Writes {@code bytes} to a file of its own and asserts the reader's message names it and contains each part. */
    private String refused(GgufBytes bytes, String... parts) throws IOException {
        return refused(bytes.write(tmp.resolve("bad.gguf")), parts);
    }

    private static String refused(Path file, String... parts) {
        String msg = assertThrows(BadInputException.class, () -> GgufFile.open(file)).getMessage();
        assertTrue(msg.contains(file.toString()), "names the file: " + msg);
        for (String part : parts) {
            assertTrue(msg.contains(part), "'" + part + "' in: " + msg);
        }
        return msg;
    }

    @Test
    void truncatedAnywhere() throws IOException {
        GgufFile g = GgufFile.open(valid);
        int tokens = model.after("tokenizer.ggml.tokens");
        int tensorInfo = model.nDimsOf("blk.0.attn_k.weight");
        int[] cuts = {
            2, // inside the magic
            6, // inside the version
            20, // inside the key-value count
            30, // inside the first key's length
            tokens + 40, // inside the vocabulary
            tensorInfo + 2, // inside a tensor info
            (int) g.dataStart() - 1, // before any tensor data
            (int) g.dataStart() + 100, // inside the first tensor
            model.length() - 1, // the last byte of the last tensor
        };
        for (int cut : cuts) {
            String msg = refused(new GgufBytes(Files.readAllBytes(valid)).truncate(cut), "truncated");
            assertTrue(!msg.isBlank(), "cut at " + cut);
        }
        refused(new GgufBytes(Files.readAllBytes(valid)).truncate(tensorInfo + 2), "tensor info #", "truncated");
        refused(new GgufBytes(Files.readAllBytes(valid)).truncate(model.length() - 1),
                "tensor 'blk.0.ffn_down.weight'", "the file has only " + (model.length() - 1));
        refused(new GgufBytes(new byte[0]), "is empty");
    }

    @Test
    void notGgufAtAll() throws IOException {
        Path text = tmp.resolve("story.txt");
        Files.writeString(text, "Once upon a time, there was a little girl.\n");
        refused(text, "not a GGUF file", "starts with 'Once upo'", "looks like text");

        Path zip = tmp.resolve("model.zip");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        refused(zip, "not a GGUF file", "starts with 'PK\\x03\\x04");

        refused(model.putBytes(0, "GGUX".getBytes(StandardCharsets.US_ASCII)), "starts with 'GGUX");
    }

    @Test
    void unsupportedVersions() throws IOException {
        refused(new GgufBytes(Files.readAllBytes(valid)).putU32(GgufBytes.VERSION, 1), "version 1");
        refused(new GgufBytes(Files.readAllBytes(valid)).putU32(GgufBytes.VERSION, 4), "version 4",
                "reads versions 2 and 3");
        refused(new GgufBytes(Files.readAllBytes(valid)).putU32(GgufBytes.VERSION, 0x0300_0000), "big-endian");
        // Version 2 has the same layout and is read.
        Path v2 = new GgufBytes(Files.readAllBytes(valid)).putU32(GgufBytes.VERSION, 2).write(tmp.resolve("v2.gguf"));
        assertEquals(2, GgufFile.open(v2).version());
    }

    @Test
    void absurdCounts() throws IOException {
        refused(new GgufBytes(Files.readAllBytes(valid)).putU64(GgufBytes.TENSOR_COUNT, 1L << 40),
                "claims 1099511627776 tensors");
        refused(new GgufBytes(Files.readAllBytes(valid)).putU64(GgufBytes.TENSOR_COUNT, -1L),
                "claims 18446744073709551615 tensors");
        refused(new GgufBytes(Files.readAllBytes(valid)).putU64(GgufBytes.KV_COUNT, 1L << 33),
                "claims 8589934592 metadata key-value pairs");
    }

    @Test
    void absurdStringLength() throws IOException {
        refused(model.putU64(GgufBytes.FIRST_KEY, 1L << 50), "string of length 1125899906842624",
                "metadata key #0", "runs past the end");
    }

    @Test
    void absurdArrayLength() throws IOException {
        int count = model.valueTypeOf("tokenizer.ggml.tokens") + 8; // after the types ARRAY and STRING
        assertEquals(GgufType.STRING.id(), model.u32(count - 4));
        refused(model.putU64(count, 1L << 40), "'tokenizer.ggml.tokens' claims an array of 1099511627776 string");
    }

    @Test
    void unknownValueAndTensorTypes() throws IOException {
        refused(new GgufBytes(Files.readAllBytes(valid)).putU32(model.valueTypeOf("general.name"), 13),
                "'general.name'", "unknown value type 13");
        refused(new GgufBytes(Files.readAllBytes(valid)).putU32(model.typeOf("blk.0.attn_q.weight"), 99),
                "'blk.0.attn_q.weight'", "ggml type 99 (unknown)");
        refused(new GgufBytes(Files.readAllBytes(valid)).putU32(model.typeOf("blk.0.attn_q.weight"), 31),
                "Q4_0_4_4, removed from ggml");
    }

    @Test
    void badShapes() throws IOException {
        String norm = "blk.0.attn_norm.weight";
        refused(new GgufBytes(Files.readAllBytes(valid)).putU32(model.nDimsOf(norm), 5), "'" + norm + "' has 5 dimensions");
        refused(new GgufBytes(Files.readAllBytes(valid)).putU64(model.dimOf(norm, 0), 0),
                "dimension 0 of size 0");
        refused(new GgufBytes(Files.readAllBytes(valid)).putU64(model.dimOf(norm, 0), -5),
                "dimension 0 of size 18446744073709551611");
        // Q8_0 rows must be whole blocks of 32: relabel a 32 x 32 F32 matrix as Q8_0 with rows of 48.
        String q = "blk.0.attn_q.weight";
        refused(new GgufBytes(Files.readAllBytes(valid)).putU32(model.typeOf(q), GgmlType.Q8_0.id())
                .putU64(model.dimOf(q, 0), 48), "rows of 48 values, not a multiple of its block size 32");
    }

    @Test
    void tensorPastTheEnd() throws IOException {
        String last = "blk.0.ffn_down.weight";
        int at = model.offsetOf(last);
        refused(model.putU64(at, model.u64(at) + (1 << 20)), "tensor '" + last + "'", "the file has only");
    }

    @Test
    void unalignedOffset() throws IOException {
        String t = "blk.0.attn_k.weight";
        int at = model.offsetOf(t);
        refused(model.putU64(at, model.u64(at) + 4), "'" + t + "' has data offset", "not a multiple of the alignment 32");
    }

    @Test
    void overlappingTensors() throws IOException {
        long first = model.u64(model.offsetOf("blk.0.attn_q.weight"));
        refused(model.putU64(model.offsetOf("blk.0.attn_k.weight"), first), "overlap");
    }

    @Test
    void tensorsOutOfOrder() throws IOException {
        // Two tensors of the same size trade places: no overlap, but llama.cpp b4916 insists on table order.
        int a = model.offsetOf("blk.0.attn_norm.weight");
        int b = model.offsetOf("blk.0.ffn_norm.weight");
        long offA = model.u64(a);
        long offB = model.u64(b);
        refused(model.putU64(a, offB).putU64(b, offA), "'blk.0.attn_norm.weight' starts at byte " + offB,
                "where llama.cpp b4916 requires " + offA, "table order");
    }

    @Test
    void duplicateKeysAndTensorNames() throws IOException {
        Path file = tmp.resolve("dups.gguf");
        new GgufWriter().put("dup.a", GgufValue.u32(1)).put("dup.b", GgufValue.u32(2))
                .addTensor("t.a", GgmlType.F32, new float[] {1f}, 1).addTensor("t.b", GgmlType.F32, new float[] {2f}, 1)
                .write(file);
        refused(GgufBytes.read(file).replace("dup.b", "dup.a"), "duplicate metadata key 'dup.a'");
        refused(GgufBytes.read(file).replace("t.b", "t.a"), "duplicate tensor name 't.a'");
    }

    @Test
    void tensorNameTooLongForGgml() throws IOException {
        Path file = tmp.resolve("long.gguf");
        String name = "n".repeat(63); // the longest ggml allows
        new GgufWriter().addTensor(name, GgmlType.F32, new float[] {1f}, 1).write(file);
        GgufFile.open(file);
        GgufBytes bytes = GgufBytes.read(file);
        refused(bytes.putU64(bytes.lengthFieldOf(name), 64), "is 64 bytes long; ggml allows at most 63");
    }

    @Test
    void badBoolAndNestedArrays() throws IOException {
        Path file = tmp.resolve("values.gguf");
        new GgufWriter().put("flag", GgufValue.bool(true)).put("list", GgufValue.integerArray(GgufType.UINT32, 1, 2))
                .write(file);
        GgufBytes bytes = GgufBytes.read(file);
        refused(new GgufBytes(Files.readAllBytes(file)).putBytes(bytes.valueTypeOf("flag") + 4, new byte[] {2}),
                "bool of value 2");
        refused(new GgufBytes(Files.readAllBytes(file)).putU32(bytes.valueTypeOf("list") + 4, GgufType.ARRAY.id()),
                "'list' is an array of arrays");
    }

    @Test
    void alignmentMustBeAU32PowerOfTwo() throws IOException {
        Path file = tmp.resolve("aligned.gguf");
        new GgufWriter().put("general.alignment", GgufValue.u32(64)).addTensor("t", GgmlType.F32, new float[] {1f}, 1)
                .write(file);
        GgufBytes bytes = GgufBytes.read(file);
        int type = bytes.valueTypeOf("general.alignment");
        refused(new GgufBytes(Files.readAllBytes(file)).putU32(type + 4, 48), "general.alignment is 48, not a power of 2");
        refused(new GgufBytes(Files.readAllBytes(file)).putU32(type + 4, 0), "general.alignment is 0");
        refused(new GgufBytes(Files.readAllBytes(file)).putU32(type, GgufType.INT32.id()),
                "general.alignment is i32; llama.cpp requires u32");
    }

    @Test
    void missingFileAndDirectory() {
        refused(tmp.resolve("nothing-here.gguf"), "does not exist");
        refused(tmp, "is a directory");
    }
}
