package org.babelscope.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.babelscope.model.gguf.GgufFile;
import org.babelscope.model.gguf.ModelCheck;
import org.babelscope.model.gguf.ModelInfo;
import org.babelscope.model.gguf.TensorInfo;

/**
 * A plain double-precision forward pass of a {@code llama}-architecture model, written to be read
 * and trusted rather than to be fast: the reference that llama.cpp's captured states, logits and
 * log-likelihoods are compared with. Weights are read through {@link GgufFile} (dequantized to
 * float, then widened to double); everything after that is double.
 *
 * <p>Per layer, for tokens at positions 0, 1, ...:
 * <pre>
 *   h   = x + W_o · Attention(RoPE(W_q · n), RoPE(W_k · n), W_v · n),  n = RMSNorm(x) * attn_norm
 *   out = h + W_down · (silu(W_gate · m) * (W_up · m)),                 m = RMSNorm(h) * ffn_norm
 *   out += control vector of this layer, if any                          (this is l_out-layer)
 * </pre>
 * with RMSNorm(x) = x / sqrt(mean(x²) + eps), causal attention scaled by 1/sqrt(head size), query
 * head h reading KV head h / (n_head / n_head_kv), and RoPE in llama.cpp's "normal" mode
 * ({@link #rope}). Logits are output · (RMSNorm(x) * output_norm), with {@code token_embd} as
 * {@code output} when the model has no {@code output.weight}.
 *
 * <p>Only the plain llama layout is supported (no biases, experts or RoPE frequency factors);
 * other models are refused with an {@link IllegalArgumentException}.
 */
public final class ReferenceLlama {
    /** Hidden states {@code [layer][token][n_embd]} (each layer's l_out) and logits {@code [token][n_vocab]}. */
    public record Result(double[][][] states, double[][] logits) {
    }

    private record Layer(double[] attnNorm, double[][] wq, double[][] wk, double[][] wv, double[][] wo,
            double[] ffnNorm, double[][] gate, double[][] up, double[][] down) {
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
    private final double[][] tokenEmbd;
    private final double[][] output;
    private final double[] outputNorm;
    private final Layer[] layers;

    private ReferenceLlama(GgufFile g) throws IOException {
        ModelInfo info = ModelCheck.requireCapturable(g);
        if (!info.architecture().equals("llama")) {
            throw new IllegalArgumentException("not a llama model: " + info.architecture());
        }
        for (TensorInfo t : g.tensors()) {
            String n = t.name();
            if (n.endsWith(".bias") || n.contains("_exps") || n.contains("gate_inp") || n.startsWith("rope_")) {
                throw new IllegalArgumentException("the reference does not implement tensor " + n);
            }
        }
        if (g.has("llama.attention.key_length") || g.has("llama.attention.value_length")) {
            throw new IllegalArgumentException("the reference assumes head size n_embd / n_head");
        }
        nLayer = info.nLayer();
        nEmbd = info.nEmbd();
        nHead = info.nHead();
        nHeadKv = info.nHeadKv();
        nVocab = info.nVocab();
        headDim = nEmbd / nHead;
        nRot = g.has("llama.rope.dimension_count") ? g.int32("llama.rope.dimension_count") : headDim;
        eps = g.float32("llama.attention.layer_norm_rms_epsilon");
        ropeBase = g.optionalFloat32("llama.rope.freq_base").orElse(10000f);
        tokenEmbd = matrix(g, "token_embd.weight");
        output = g.hasTensor("output.weight") ? matrix(g, "output.weight") : tokenEmbd;
        outputNorm = vector(g, "output_norm.weight");
        layers = new Layer[nLayer];
        for (int i = 0; i < nLayer; i++) {
            String b = "blk." + i + ".";
            layers[i] = new Layer(vector(g, b + "attn_norm.weight"), matrix(g, b + "attn_q.weight"),
                    matrix(g, b + "attn_k.weight"), matrix(g, b + "attn_v.weight"), matrix(g, b + "attn_output.weight"),
                    vector(g, b + "ffn_norm.weight"), matrix(g, b + "ffn_gate.weight"), matrix(g, b + "ffn_up.weight"),
                    matrix(g, b + "ffn_down.weight"));
        }
    }

    /** Loads every weight of {@code model}, which must pass {@link ModelCheck} as a plain llama model. */
    public static ReferenceLlama load(GgufFile model) throws IOException {
        return new ReferenceLlama(model);
    }

    public static ReferenceLlama load(Path model) throws IOException {
        return new ReferenceLlama(GgufFile.open(model));
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
        }
        double[][][] states = new double[nLayer][n][];
        for (int l = 0; l < nLayer; l++) {
            Layer w = layers[l];
            double[][] attn = attention(w, x);
            for (int t = 0; t < n; t++) {
                add(x[t], matVec(w.wo(), attn[t]));
                double[] m = rmsNorm(x[t], w.ffnNorm());
                double[] g = matVec(w.gate(), m);
                double[] u = matVec(w.up(), m);
                double[] hidden = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    hidden[i] = silu(g[i]) * u[i];
                }
                add(x[t], matVec(w.down(), hidden));
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

    /** Causal multi-head attention of one layer over all positions; returns the heads' outputs, concatenated. */
    private double[][] attention(Layer w, double[][] x) {
        int n = x.length;
        double[][] q = new double[n][];
        double[][] k = new double[n][];
        double[][] v = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] xn = rmsNorm(x[t], w.attnNorm());
            q[t] = matVec(w.wq(), xn);
            k[t] = matVec(w.wk(), xn);
            v[t] = matVec(w.wv(), xn);
            rope(q[t], t, nHead, headDim, nRot, ropeBase);
            rope(k[t], t, nHeadKv, headDim, nRot, ropeBase);
        }
        int group = nHead / nHeadKv;
        double scale = 1.0 / Math.sqrt(headDim);
        double[][] out = new double[n][nHead * headDim];
        for (int t = 0; t < n; t++) {
            for (int h = 0; h < nHead; h++) {
                int kvHead = h / group;
                double[] scores = new double[t + 1];
                for (int j = 0; j <= t; j++) {
                    double dot = 0;
                    for (int i = 0; i < headDim; i++) {
                        dot += q[t][h * headDim + i] * k[j][kvHead * headDim + i];
                    }
                    scores[j] = dot * scale;
                }
                double[] p = logSoftmax(scores);
                for (int j = 0; j <= t; j++) {
                    double pj = Math.exp(p[j]);
                    for (int i = 0; i < headDim; i++) {
                        out[t][h * headDim + i] += pj * v[j][kvHead * headDim + i];
                    }
                }
            }
        }
        return out;
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

    private static double[] vector(GgufFile g, String name) throws IOException {
        float[] values = g.floats(name);
        double[] v = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = values[i];
        }
        return v;
    }
}
