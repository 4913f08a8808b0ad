package org.babelscope.model.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Generates small {@code llama}-architecture GGUF models with seeded random weights, for tests
 * and the demo: real enough for llama.cpp to load and run (every key and tensor it requires),
 * small enough to write in milliseconds.
 *
 * <p>Weights are drawn from one {@link java.util.Random} seeded with {@link Spec#seed()}, tensor
 * by tensor in file order, each in storage order: token embeddings from N(0, 1); every matrix
 * with {@code n} inputs from N(0, 1/n), so that activations stay of order 1 through the layers;
 * norm weights uniform in [0.75, 1.25] (not exactly 1, so that a forward pass that forgot them
 * would be caught). The same spec always gives the same bytes.
 */
public final class TinyLlama {
    private static final float NORM_SPREAD = 0.25f;

    private TinyLlama() {
    }

    /**
     * What to generate. Make one with {@link #builder()}; {@code weightType} applies to the 2-D
     * matrices (norms are always F32) and Q8_0 needs {@code nEmbd} and {@code nFf} to be
     * multiples of 32. {@code vocabularyFrom} names a GGUF file (a vocabulary-only file or a
     * model) whose {@code tokenizer.*} keys are copied; when null, a small byte-fallback
     * SentencePiece vocabulary is generated.
     */
    public record Spec(String name, int nLayer, int nEmbd, int nHead, int nHeadKv, int nFf, int contextLength,
            float ropeFreqBase, float rmsEps, GgmlType weightType, boolean tiedOutput, long seed,
            Path vocabularyFrom) {

        public Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(weightType, "weightType");
            if (nLayer < 1 || nEmbd < 1 || nHead < 1 || nHeadKv < 1 || nFf < 1 || contextLength < 1) {
                throw new IllegalArgumentException("every size must be at least 1: " + this);
            }
            if (nEmbd % nHead != 0 || (nEmbd / nHead) % 2 != 0) {
                throw new IllegalArgumentException("n_embd " + nEmbd + " must split into " + nHead
                        + " heads of an even size (RoPE rotates pairs)");
            }
            if (nHead % nHeadKv != 0) {
                throw new IllegalArgumentException("n_head " + nHead + " must be a multiple of n_head_kv " + nHeadKv);
            }
            if (weightType != GgmlType.F32 && weightType != GgmlType.F16 && weightType != GgmlType.Q8_0) {
                throw new IllegalArgumentException("weight type must be F32, F16 or Q8_0, not " + weightType);
            }
            if (weightType == GgmlType.Q8_0 && (nEmbd % 32 != 0 || nFf % 32 != 0)) {
                throw new IllegalArgumentException("Q8_0 needs n_embd and n_ff to be multiples of 32");
            }
            if (!(ropeFreqBase > 0) || !(rmsEps > 0)) {
                throw new IllegalArgumentException("rope freq base and rms eps must be positive");
            }
        }

        /** A builder starting from 2 layers, n_embd 64, 4 heads (2 KV heads), n_ff 128, F32, untied. */
        public static Builder builder() {
            return new Builder();
        }

        /** The head size, n_embd / n_head. */
        public int headDim() {
            return nEmbd / nHead;
        }

        /** A builder holding this spec's values, to derive a variant. */
        public Builder toBuilder() {
            return builder().name(name).nLayer(nLayer).nEmbd(nEmbd).nHead(nHead).nHeadKv(nHeadKv).nFf(nFf)
                    .contextLength(contextLength).ropeFreqBase(ropeFreqBase).rmsEps(rmsEps).weightType(weightType)
                    .tiedOutput(tiedOutput).seed(seed).vocabularyFrom(vocabularyFrom);
        }

        /** Builds a {@link Spec}; every setter has a default. */
        public static final class Builder {
            private String name = "babelscope-tiny-llama";
            private int nLayer = 2;
            private int nEmbd = 64;
            private int nHead = 4;
            private int nHeadKv = 2;
            private int nFf = 128;
            private int contextLength = 512;
            private float ropeFreqBase = 10000f;
            private float rmsEps = 1e-5f;
            private GgmlType weightType = GgmlType.F32;
            private boolean tiedOutput;
            private long seed = 1;
            private Path vocabularyFrom;

            private Builder() {
            }

            public Builder name(String v) {
                name = v;
                return this;
            }

            public Builder nLayer(int v) {
                nLayer = v;
                return this;
            }

            public Builder nEmbd(int v) {
                nEmbd = v;
                return this;
            }

            public Builder nHead(int v) {
                nHead = v;
                return this;
            }

            public Builder nHeadKv(int v) {
                nHeadKv = v;
                return this;
            }

            public Builder nFf(int v) {
                nFf = v;
                return this;
            }

            public Builder contextLength(int v) {
                contextLength = v;
                return this;
            }

            public Builder ropeFreqBase(float v) {
                ropeFreqBase = v;
                return this;
            }

            public Builder rmsEps(float v) {
                rmsEps = v;
                return this;
            }

            public Builder weightType(GgmlType v) {
                weightType = v;
                return this;
            }

            /** Whether logits reuse {@code token_embd} (no {@code output.weight} tensor). */
            public Builder tiedOutput(boolean v) {
                tiedOutput = v;
                return this;
            }

            public Builder seed(long v) {
                seed = v;
                return this;
            }

            /** Copy the tokenizer of this GGUF file instead of generating the byte-fallback one. */
            public Builder vocabularyFrom(Path v) {
                vocabularyFrom = v;
                return this;
            }

            public Spec build() {
                return new Spec(name, nLayer, nEmbd, nHead, nHeadKv, nFf, contextLength, ropeFreqBase, rmsEps,
                        weightType, tiedOutput, seed, vocabularyFrom);
            }
        }
    }

    /**
     * Writes the model described by {@code spec} to {@code file} (atomically).
     *
     * @throws org.babelscope.BadInputException if {@code vocabularyFrom} is not a valid GGUF file
     *     with a tokenizer
     */
    public static void write(Spec spec, Path file) throws IOException {
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.string("llama"));
        w.put("general.name", GgufValue.string(spec.name()));
        w.put("llama.context_length", GgufValue.u32(spec.contextLength()));
        w.put("llama.embedding_length", GgufValue.u32(spec.nEmbd()));
        w.put("llama.block_count", GgufValue.u32(spec.nLayer()));
        w.put("llama.feed_forward_length", GgufValue.u32(spec.nFf()));
        w.put("llama.attention.head_count", GgufValue.u32(spec.nHead()));
        w.put("llama.attention.head_count_kv", GgufValue.u32(spec.nHeadKv()));
        w.put("llama.attention.layer_norm_rms_epsilon", GgufValue.f32(spec.rmsEps()));
        w.put("llama.rope.dimension_count", GgufValue.u32(spec.headDim()));
        w.put("llama.rope.freq_base", GgufValue.f32(spec.ropeFreqBase()));
        w.put("general.file_type", GgufValue.u32(fileType(spec.weightType())));
        int nVocab = spec.vocabularyFrom() == null ? putByteFallbackVocabulary(w) : copyVocabulary(w, spec.vocabularyFrom());

        Random rng = new Random(spec.seed());
        int e = spec.nEmbd();
        int kvDim = spec.headDim() * spec.nHeadKv();
        GgmlType wt = spec.weightType();
        w.addTensor("token_embd.weight", wt, gaussian(rng, (long) e * nVocab, 1.0), e, nVocab);
        w.addTensor("output_norm.weight", GgmlType.F32, norm(rng, e), e);
        if (!spec.tiedOutput()) {
            w.addTensor("output.weight", wt, matrix(rng, e, nVocab), e, nVocab);
        }
        for (int i = 0; i < spec.nLayer(); i++) {
            String b = "blk." + i + ".";
            w.addTensor(b + "attn_norm.weight", GgmlType.F32, norm(rng, e), e);
            w.addTensor(b + "attn_q.weight", wt, matrix(rng, e, e), e, e);
            w.addTensor(b + "attn_k.weight", wt, matrix(rng, e, kvDim), e, kvDim);
            w.addTensor(b + "attn_v.weight", wt, matrix(rng, e, kvDim), e, kvDim);
            w.addTensor(b + "attn_output.weight", wt, matrix(rng, e, e), e, e);
            w.addTensor(b + "ffn_norm.weight", GgmlType.F32, norm(rng, e), e);
            w.addTensor(b + "ffn_gate.weight", wt, matrix(rng, e, spec.nFf()), e, spec.nFf());
            w.addTensor(b + "ffn_up.weight", wt, matrix(rng, e, spec.nFf()), e, spec.nFf());
            w.addTensor(b + "ffn_down.weight", wt, matrix(rng, spec.nFf(), e), spec.nFf(), e);
        }
        w.write(file);
    }

    /** llama.cpp's llama_ftype for a model whose matrices are all {@code type}. */
    static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0; // LLAMA_FTYPE_ALL_F32
            case F16 -> 1; // LLAMA_FTYPE_MOSTLY_F16
            case Q8_0 -> 7; // LLAMA_FTYPE_MOSTLY_Q8_0
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    static int putByteFallbackVocabulary(GgufWriter w) {
        ByteFallbackVocabulary v = new ByteFallbackVocabulary();
        float[] scores = new float[v.size()];
        int[] types = new int[v.size()];
        for (int i = 0; i < v.size(); i++) {
            scores[i] = v.scores.get(i);
            types[i] = v.types.get(i);
        }
        w.put("tokenizer.ggml.model", GgufValue.string("llama"));
        w.put("tokenizer.ggml.tokens", GgufValue.stringArray(v.tokens.toArray(String[]::new)));
        w.put("tokenizer.ggml.scores", GgufValue.f32Array(scores));
        w.put("tokenizer.ggml.token_type", GgufValue.i32Array(types));
        w.put("tokenizer.ggml.bos_token_id", GgufValue.u32(ByteFallbackVocabulary.BOS_ID));
        w.put("tokenizer.ggml.eos_token_id", GgufValue.u32(ByteFallbackVocabulary.EOS_ID));
        w.put("tokenizer.ggml.unknown_token_id", GgufValue.u32(ByteFallbackVocabulary.UNK_ID));
        w.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        w.put("tokenizer.ggml.add_eos_token", GgufValue.bool(false));
        return v.size();
    }

    /** Copies every {@code tokenizer.*} key of {@code source}, in its order; returns the vocabulary size. */
    private static int copyVocabulary(GgufWriter w, Path source) throws IOException {
        GgufFile vocab = GgufFile.open(source);
        int n = vocab.stringArray("tokenizer.ggml.tokens").length;
        for (Map.Entry<String, GgufValue> kv : vocab.metadata().entrySet()) {
            if (kv.getKey().startsWith("tokenizer.")) {
                w.put(kv.getKey(), kv.getValue());
            }
        }
        return n;
    }

    /** A matrix with {@code nIn} inputs and {@code nOut} outputs, entries from N(0, 1/nIn). */
    static float[] matrix(Random rng, int nIn, int nOut) {
        return gaussian(rng, (long) nIn * nOut, 1.0 / Math.sqrt(nIn));
    }

    static float[] gaussian(Random rng, long n, double sigma) {
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextGaussian() * sigma);
        }
        return a;
    }

    static float[] norm(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = 1f + NORM_SPREAD * (2f * rng.nextFloat() - 1f);
        }
        return a;
    }
}
