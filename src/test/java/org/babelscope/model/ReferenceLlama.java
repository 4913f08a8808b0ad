package org.babelscope.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.babelscope.model.llama.LlamaRuntime;
import org.babelscope.model.gguf.GgufFile;
import org.babelscope.model.gguf.ModelCheck;
import org.babelscope.model.gguf.ModelInfo;
import org.babelscope.model.gguf.TensorInfo;

/**
 * A plain double-precision forward pass of the decoder-only families babelscope captures from
 * (llama, qwen2, qwen3, gemma2, gemma3, phi3), written to be read and trusted rather than to be
 * fast: the reference that llama.cpp's captured states, logits and log-likelihoods are compared
 * with. Weights are read through {@link GgufFile} (dequantized to float, then widened to double);
 * everything after that is double.
 *
 * <p>Per layer, for tokens at positions 0, 1, ...:
 * <pre>
 *   a   = W_o · Attention(RoPE(QN(W_q · n + b_q)), RoPE(KN(W_k · n + b_k)), W_v · n + b_v),  n = RMSNorm(x) * attn_norm
 *   h   = x + PostAttnNorm(a)
 *   f   = W_down · (act(W_gate · m) * (W_up · m)),                                           m = RMSNorm(h) * ffn_norm
 *   out = h + PostFfnNorm(f) + control vector of this layer, if any                          (this is l_out-layer)
 * </pre>
 * with RMSNorm(x) = x / sqrt(mean(x²) + eps), causal attention, query head h reading KV head
 * h / (n_head / n_head_kv), and RoPE in llama.cpp's "normal" mode ({@link #rope}). What each
 * family changes ({@link Family}):
 * <ul>
 * <li>llama: no biases, no QN/KN, no post norms, act = SiLU, scores scaled by 1/sqrt(head size).</li>
 * <li>qwen2: Q, K and V biases; NEOX RoPE ({@link #ropeNeox}).</li>
 * <li>qwen3: QN and KN are RMS norms over each head with their own weights; NEOX RoPE; head size
 *     from {@code attention.key_length}.</li>
 * <li>gemma2: the embedding is multiplied by sqrt(n_embd); post norms; act = GELU (tanh form);
 *     scores s become c·tanh(s/c) (attention soft-cap c) and logits likewise (final soft-cap);
 *     even layers attend only to the last {@code sliding_window} positions (the token itself
 *     included); NEOX RoPE. The norm weights are used as stored: Gemma's converter has already
 *     added the 1 of Gemma's (1 + w) RMSNorm.</li>
 * <li>gemma3: gemma2 without soft-capping, plus QN and KN; the sliding window is on layers l with
 *     l % 6 &lt; 5, whose RoPE base is 10000 (the file's rope.freq_base_swa) and whose RoPE is
 *     not scaled; the other (global) layers use rope.freq_base and the linear rope scaling.</li>
 * <li>phi3: Q, K and V are row blocks of {@code attn_qkv}; gate and up are the first and second
 *     halves of {@code ffn_up}; NEOX RoPE over the first rope.dimension_count values of each head;
 *     no sliding window (llama.cpp v0.5.0 turns Phi-3's off).</li>
 * </ul>
 * Query scaling: 1/sqrt(head size), except the 27B gemmas (46 and 62 layers) which use
 * 1/sqrt(n_embd / n_head). Logits are output · (RMSNorm(x) * output_norm), with
 * {@code token_embd} as {@code output} when the model has no {@code output.weight}.
 *
 * <p>Experts, llama's optional biases and RoPE frequency factors are not implemented; models
 * with them are refused with an {@link IllegalArgumentException}.
 */
public final class ReferenceLlama {
    /** Hidden states {@code [layer][token][n_embd]} (each layer's l_out) and logits {@code [token][n_vocab]}. */
    public record Result(double[][][] states, double[][] logits) {
    }

    /** One block's weights; the optional ones are null where the family has none. */
    private record Layer(double[] attnNorm, double[][] wq, double[][] wk, double[][] wv, double[] bq, double[] bk,
            double[] bv, double[] qNorm, double[] kNorm, double[][] wo, double[] attnPostNorm, double[] ffnNorm,
            double[][] gate, double[][] up, double[][] down, double[] ffnPostNorm) {
    }

    /** What an architecture changes in the forward pass, read from the file's keys. */
    private record Family(boolean neox, boolean gelu, double embedScale, double attnSoftcap, double finalSoftcap,
            int window, int swaPattern, double ropeBaseLocal, double ropeScaleGlobal, double queryScale) {
        /** Whether layer l attends only to the last {@code window} positions. */
        boolean sliding(int l) {
            return window > 0 && l % swaPattern < swaPattern - 1;
        }
    }

    private final int nLayer;
    private final int nEmbd;
    private final int nHead;
    private final int nHeadKv;
    private final int headDim;
    private final int nRot;
    private final int nVocab;
    private final double eps;
    private final double ropeBase;
    private final Family family;
    private final boolean f16Gelu;
    private final double[][] tokenEmbd;
    private final double[][] output;
    private final double[] outputNorm;
    private final Layer[] layers;

    private ReferenceLlama(GgufFile g, boolean f16Gelu) throws IOException {
        this.f16Gelu = f16Gelu;
        ModelInfo info = ModelCheck.requireCapturable(g, LlamaRuntime.Abi.V0_5_0);
        String a = info.architecture();
        for (TensorInfo t : g.tensors()) {
            String n = t.name();
            boolean qwen2Bias = a.equals("qwen2") && n.matches("blk\\.\\d+\\.attn_[qkv]\\.bias");
            if ((n.endsWith(".bias") && !qwen2Bias) || n.contains("_exps") || n.contains("gate_inp")
                    || n.startsWith("rope_")) {
                throw new IllegalArgumentException("the reference does not implement tensor " + n);
            }
        }
        nLayer = info.nLayer();
        nEmbd = info.nEmbd();
        nHead = info.nHead();
        nHeadKv = info.nHeadKv();
        nVocab = info.nVocab();
        headDim = g.has(a + ".attention.key_length") ? g.int32(a + ".attention.key_length") : nEmbd / nHead;
        if (g.has(a + ".attention.value_length") && g.int32(a + ".attention.value_length") != headDim) {
            throw new IllegalArgumentException("the reference assumes equal key and value head sizes");
        }
        nRot = g.has(a + ".rope.dimension_count") ? g.int32(a + ".rope.dimension_count") : headDim;
        eps = g.float32(a + ".attention.layer_norm_rms_epsilon");
        ropeBase = g.optionalFloat32(a + ".rope.freq_base").orElse(10000f);
        family = family(g, a);
        tokenEmbd = matrix(g, "token_embd.weight");
        output = g.hasTensor("output.weight") ? matrix(g, "output.weight") : tokenEmbd;
        outputNorm = vector(g, "output_norm.weight");
        layers = new Layer[nLayer];
        for (int i = 0; i < nLayer; i++) {
            layers[i] = layer(g, "blk." + i + ".");
        }
    }

    private Family family(GgufFile g, String a) {
        boolean gemma = a.startsWith("gemma");
        double scale = 1.0 / Math.sqrt(headDim);
        if ((a.equals("gemma2") && nLayer == 46) || (a.equals("gemma3") && nLayer == 62)) {
            scale = 1.0 / Math.sqrt((double) nEmbd / nHead); // the 27B models' query_pre_attn_scalar
        }
        double attnCap = a.equals("gemma2") ? g.optionalFloat32(a + ".attn_logit_softcapping").orElse(50f) : 0;
        double finalCap = a.equals("gemma2") ? g.optionalFloat32(a + ".final_logit_softcapping").orElse(30f) : 0;
        int window = gemma ? g.int32(a + ".attention.sliding_window") : 0;
        double localBase = a.equals("gemma3") ? g.optionalFloat32(a + ".rope.freq_base_swa").orElse(10000f) : ropeBase;
        double globalScale = g.optionalFloat32(a + ".rope.scaling.factor").map(f -> 1.0 / f).orElse(1.0);
        if (globalScale != 1.0 && !g.optionalString(a + ".rope.scaling.type").orElse("").equals("linear")) {
            throw new IllegalArgumentException("the reference implements linear rope scaling only");
        }
        return new Family(!a.equals("llama"), gemma, gemma ? Math.sqrt(nEmbd) : 1, attnCap, finalCap, window,
                a.equals("gemma2") ? 2 : 6, localBase, globalScale, scale);
    }

    private Layer layer(GgufFile g, String b) throws IOException {
        double[][] wq;
        double[][] wk;
        double[][] wv;
        if (g.hasTensor(b + "attn_qkv.weight")) {
            double[][] qkv = matrix(g, b + "attn_qkv.weight"); // rows: Q, then K, then V
            int q = nHead * headDim;
            int kv = nHeadKv * headDim;
            wq = Arrays.copyOfRange(qkv, 0, q);
            wk = Arrays.copyOfRange(qkv, q, q + kv);
            wv = Arrays.copyOfRange(qkv, q + kv, q + 2 * kv);
        } else {
            wq = matrix(g, b + "attn_q.weight");
            wk = matrix(g, b + "attn_k.weight");
            wv = matrix(g, b + "attn_v.weight");
        }
        double[][] gate;
        double[][] up;
        if (g.hasTensor(b + "ffn_gate.weight")) {
            gate = matrix(g, b + "ffn_gate.weight");
            up = matrix(g, b + "ffn_up.weight");
        } else {
            double[][] gateUp = matrix(g, b + "ffn_up.weight"); // rows: gate, then up
            gate = Arrays.copyOfRange(gateUp, 0, gateUp.length / 2);
            up = Arrays.copyOfRange(gateUp, gateUp.length / 2, gateUp.length);
        }
        return new Layer(vector(g, b + "attn_norm.weight"), wq, wk, wv, optional(g, b + "attn_q.bias"),
                optional(g, b + "attn_k.bias"), optional(g, b + "attn_v.bias"), optional(g, b + "attn_q_norm.weight"),
                optional(g, b + "attn_k_norm.weight"), matrix(g, b + "attn_output.weight"),
                optional(g, b + "post_attention_norm.weight"), vector(g, b + "ffn_norm.weight"), gate, up,
                matrix(g, b + "ffn_down.weight"), optional(g, b + "post_ffw_norm.weight"));
    }

    /** Loads every weight of {@code model}, which must pass {@link ModelCheck} as a plain llama model. */
    public static ReferenceLlama load(GgufFile model) throws IOException {
        return new ReferenceLlama(model, false);
    }

    public static ReferenceLlama load(Path model) throws IOException {
        return new ReferenceLlama(GgufFile.open(model), false);
    }

    /**
     * Like {@link #load(Path)}, but with GELU computed as ggml's CPU backend does by default
     * (GGML_GELU_FP16): the input rounded to F16, looked up in a table of F16 values, so
     * input and output rounded to F16, with GELU(x) = 0 for x <= -10 and x for x >= 10. That
     * rounding moves llama.cpp's gemma states by about 1e-4; with it modelled, what remains is
     * float32 noise.
     */
    public static ReferenceLlama loadWithF16Gelu(Path model) throws IOException {
        return new ReferenceLlama(GgufFile.open(model), true);
    }

    public int nLayer() {
        return nLayer;
    }

    public int nEmbd() {
        return nEmbd;
    }

    public int nVocab() {
        return nVocab;
    }

    /** Runs {@code tokens} (positions 0 to n-1) without a control vector. */
    public Result forward(int[] tokens) {
        return forward(tokens, Map.of());
    }

    /**
     * Runs {@code tokens} (positions 0 to n-1), adding {@code controlVector.get(l)} (n_embd
     * values) to the output of each layer l it names, before the next layer reads it, as
     * llama.cpp does. Layers must be at least 1: llama.cpp never steers layer 0.
     */
    public Result forward(int[] tokens, Map<Integer, float[]> controlVector) {
        for (Map.Entry<Integer, float[]> e : controlVector.entrySet()) {
            if (e.getKey() < 1 || e.getKey() >= nLayer || e.getValue().length != nEmbd) {
                throw new IllegalArgumentException("control vector for layer " + e.getKey() + " of length "
                        + e.getValue().length + " does not fit layers 1.." + (nLayer - 1) + " of width " + nEmbd);
            }
        }
        int n = tokens.length;
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) {
            if (tokens[t] < 0 || tokens[t] >= nVocab) {
                throw new IllegalArgumentException("token " + tokens[t] + " is outside the vocabulary");
            }
            x[t] = tokenEmbd[tokens[t]].clone();
            for (int i = 0; i < nEmbd; i++) {
                x[t][i] *= family.embedScale();
            }
        }
        double[][][] states = new double[nLayer][n][];
        for (int l = 0; l < nLayer; l++) {
            Layer w = layers[l];
            double[][] attn = attention(w, x, l);
            for (int t = 0; t < n; t++) {
                add(x[t], postNorm(matVec(w.wo(), attn[t]), w.attnPostNorm()));
                double[] m = rmsNorm(x[t], w.ffnNorm());
                double[] g = matVec(w.gate(), m);
                double[] u = matVec(w.up(), m);
                double[] hidden = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    hidden[i] = (family.gelu() ? (f16Gelu ? f16Gelu(g[i]) : gelu(g[i])) : silu(g[i])) * u[i];
                }
                add(x[t], postNorm(matVec(w.down(), hidden), w.ffnPostNorm()));
                float[] steer = controlVector.get(l);
                if (steer != null) {
                    for (int i = 0; i < nEmbd; i++) {
                        x[t][i] += steer[i];
                    }
                }
                states[l][t] = x[t].clone();
            }
        }
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = matVec(output, rmsNorm(x[t], outputNorm));
            for (int v = 0; v < nVocab; v++) {
                logits[t][v] = softcap(logits[t][v], family.finalSoftcap());
            }
        }
        return new Result(states, logits);
    }

    /**
     * The log-likelihood of {@code tokens[from..]} given the tokens before each: the sum over
     * t >= from of log softmax(logits[t-1])[tokens[t]]. {@code from} must be at least 1.
     */
    public double logLikelihood(int[] tokens, int from) {
        if (from < 1 || from > tokens.length) {
            throw new IllegalArgumentException("from must be in 1.." + tokens.length);
        }
        double[][] logits = forward(tokens).logits();
        double sum = 0;
        for (int t = from; t < tokens.length; t++) {
            sum += logSoftmax(logits[t - 1])[tokens[t]];
        }
        return sum;
    }

    /** log softmax, computed stably around the maximum. */
    public static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double logZ = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] - logZ;
        }
        return out;
    }

    /** Causal multi-head attention of layer l over all positions; returns the heads' outputs, concatenated. */
    private double[][] attention(Layer w, double[][] x, int l) {
        int n = x.length;
        boolean sliding = family.sliding(l);
        double base = sliding ? family.ropeBaseLocal() : ropeBase;
        double freqScale = sliding ? 1.0 : family.ropeScaleGlobal();
        double[][] q = new double[n][];
        double[][] k = new double[n][];
        double[][] v = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] xn = rmsNorm(x[t], w.attnNorm());
            q[t] = withBias(matVec(w.wq(), xn), w.bq());
            k[t] = withBias(matVec(w.wk(), xn), w.bk());
            v[t] = withBias(matVec(w.wv(), xn), w.bv());
            headNorm(q[t], w.qNorm());
            headNorm(k[t], w.kNorm());
            if (family.neox()) {
                ropeNeox(q[t], t * freqScale, nHead, headDim, nRot, base);
                ropeNeox(k[t], t * freqScale, nHeadKv, headDim, nRot, base);
            } else {
                rope(q[t], t, nHead, headDim, nRot, base);
                rope(k[t], t, nHeadKv, headDim, nRot, base);
            }
        }
        int group = nHead / nHeadKv;
        double[][] out = new double[n][nHead * headDim];
        for (int t = 0; t < n; t++) {
            int first = sliding ? Math.max(0, t - family.window() + 1) : 0;
            for (int h = 0; h < nHead; h++) {
                int kvHead = h / group;
                double[] scores = new double[t + 1 - first];
                for (int j = first; j <= t; j++) {
                    double dot = 0;
                    for (int i = 0; i < headDim; i++) {
                        dot += q[t][h * headDim + i] * k[j][kvHead * headDim + i];
                    }
                    scores[j - first] = softcap(dot * family.queryScale(), family.attnSoftcap());
                }
                double[] p = logSoftmax(scores);
                for (int j = first; j <= t; j++) {
                    double pj = Math.exp(p[j - first]);
                    for (int i = 0; i < headDim; i++) {
                        out[t][h * headDim + i] += pj * v[j][kvHead * headDim + i];
                    }
                }
            }
        }
        return out;
    }

    /**
     * RoPE as llama.cpp's NEOX mode (qwen, gemma, phi3): in each head, the pairs (x[i],
     * x[i + nRot/2]) for i < nRot/2 turn by the angle pos · base^(-2i/nRot); values from nRot
     * on are left as they are. {@code pos} may be scaled (linear rope scaling). In place.
     */
    public static void ropeNeox(double[] x, double pos, int nHeads, int headDim, int nRot, double base) {
        int half = nRot / 2;
        for (int h = 0; h < nHeads; h++) {
            for (int i = 0; i < half; i++) {
                double angle = pos * Math.pow(base, -2.0 * i / nRot);
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                int a = h * headDim + i;
                double x0 = x[a];
                double x1 = x[a + half];
                x[a] = x0 * c - x1 * s;
                x[a + half] = x0 * s + x1 * c;
            }
        }
    }

    /** RMS-normalises each head of x separately with the weight w (qwen3's and gemma3's Q and K norms); none if w is null. */
    private void headNorm(double[] x, double[] w) {
        if (w == null) {
            return;
        }
        for (int h = 0; h < x.length / headDim; h++) {
            double[] head = Arrays.copyOfRange(x, h * headDim, (h + 1) * headDim);
            System.arraycopy(rmsNorm(head, w), 0, x, h * headDim, headDim);
        }
    }

    private double[] postNorm(double[] x, double[] w) {
        return w == null ? x : rmsNorm(x, w);
    }

    private static double[] withBias(double[] y, double[] b) {
        if (b != null) {
            add(y, b);
        }
        return y;
    }

    /** c · tanh(z / c), or z when c is 0 (no soft-capping). */
    private static double softcap(double z, double c) {
        return c == 0 ? z : c * Math.tanh(z / c);
    }

    private static double f16Gelu(double z) {
        if (z <= -10) {
            return 0;
        }
        return z >= 10 ? z : toF16(gelu(toF16(z)));
    }

    /** z rounded to float, then to the nearest IEEE half (ties to even), as x86's F16C does. */
    static double toF16(double z) {
        float f = (float) z;
        if (f == 0) {
            return 0;
        }
        double ulp = Math.scalb(1.0, Math.max(Math.getExponent(f), -14) - 10);
        return Math.rint(f / ulp) * ulp;
    }

    /** GELU in its tanh form, as ggml computes it (Gemma's gelu_pytorch_tanh). */
    private static double gelu(double z) {
        return 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
    }

    /**
     * RoPE as llama.cpp's mode 0 ("normal", the llama architecture's): in each of {@code nHeads}
     * heads of {@code headDim} values, the pairs (x[2i], x[2i+1]) for 2i < nRot turn by the
     * angle pos · base^(-2i/nRot); values from nRot on are left as they are. In place.
     */
    public static void rope(double[] x, int pos, int nHeads, int headDim, int nRot, double base) {
        for (int h = 0; h < nHeads; h++) {
            for (int i = 0; 2 * i < nRot; i++) {
                double angle = pos * Math.pow(base, -2.0 * i / nRot);
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                int a = h * headDim + 2 * i;
                double x0 = x[a];
                double x1 = x[a + 1];
                x[a] = x0 * c - x1 * s;
                x[a + 1] = x0 * s + x1 * c;
            }
        }
    }

    /** x / sqrt(mean(x²) + eps), times the norm weight w. */
    private double[] rmsNorm(double[] x, double[] w) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double inv = 1.0 / Math.sqrt(ss / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * inv * w[i];
        }
        return out;
    }

    private static double silu(double z) {
        return z / (1 + Math.exp(-z));
    }

    /** y[o] = Σ_i W[o][i] x[i]. */
    private static double[] matVec(double[][] w, double[] x) {
        double[] y = new double[w.length];
        for (int o = 0; o < w.length; o++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += w[o][i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    private static void add(double[] acc, double[] d) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += d[i];
        }
    }

    /** A weight with ne = [n_in, n_out] is n_out rows of n_in values: W[o][i] = values[o * n_in + i]. */
    private static double[][] matrix(GgufFile g, String name) throws IOException {
        TensorInfo t = g.tensor(name);
        if (t.nDims() != 2) {
            throw new IllegalArgumentException(name + " is not a matrix: " + t.shapeText());
        }
        int nIn = (int) t.dim(0);
        int nOut = (int) t.dim(1);
        float[] values = g.floats(name);
        double[][] w = new double[nOut][nIn];
        for (int o = 0; o < nOut; o++) {
            for (int i = 0; i < nIn; i++) {
                w[o][i] = values[o * nIn + i];
            }
        }
        return w;
    }

    private static double[] optional(GgufFile g, String name) throws IOException {
        return g.hasTensor(name) ? vector(g, name) : null;
    }

    private static double[] vector(GgufFile g, String name) throws IOException {
        float[] values = g.floats(name);
        double[] v = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = values[i];
        }
        return v;
    }
}
