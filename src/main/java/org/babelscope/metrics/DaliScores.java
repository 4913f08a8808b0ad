package org.babelscope.metrics;

import org.babelscope.compute.OptionBlocks;

/**
 * DALI per item from its K x K option blocks (DESIGN.md, after Ravisankar, Han and Carpuat 2025).
 * With S_op = cos(pivot option o, language option p) of one item:
 * <ul>
 *   <li>margin = min_o S_oo − max_{o≠p} S_op: how far the worst matched pair stays ahead of the
 *       best mismatched one (a continuous item score);</li>
 *   <li>DALI = 1 iff margin &gt; 0: every matched pair beats every mismatched pair (a tie is not a
 *       win, as in MEXA);</li>
 *   <li>DALI_S = 1 iff min_o S_oo also beats every same-language pair: cos(pivot o, pivot p) and
 *       cos(language o, language p) for o≠p. Needs the self blocks.</li>
 * </ul>
 * Note the comparison is global over the item, not row by row: a matched pair that beats the
 * other options of its own row can still lose to a mismatched pair elsewhere in the block.
 */
public final class DaliScores {
    private final byte[] dali;
    private final byte[] daliStrict;
    private final float[] margin;

    private DaliScores(byte[] dali, byte[] daliStrict, float[] margin) {
        this.dali = dali;
        this.daliStrict = daliStrict;
        this.margin = margin;
    }

    /** Scores every item of {@code b}; DALI_S only when {@code b} holds the self blocks. */
    public static DaliScores of(OptionBlocks b) {
        int n = b.items();
        int k = b.options();
        boolean strict = b.pivotSelf() != null && b.targetSelf() != null;
        byte[] dali = new byte[n];
        byte[] daliStrict = strict ? new byte[n] : null;
        float[] margin = new float[n];
        for (int i = 0; i < n; i++) {
            float minMatched = Float.POSITIVE_INFINITY;
            float maxMismatched = Float.NEGATIVE_INFINITY;
            float maxSameSide = Float.NEGATIVE_INFINITY;
            for (int o = 0; o < k; o++) {
                for (int p = 0; p < k; p++) {
                    if (o == p) {
                        minMatched = Math.min(minMatched, b.cross(i, o, p));
                    } else {
                        maxMismatched = Math.max(maxMismatched, b.cross(i, o, p));
                        if (strict) {
                            maxSameSide = Math.max(maxSameSide, Math.max(b.pivotSelf(i, o, p), b.targetSelf(i, o, p)));
                        }
                    }
                }
            }
            // K = 1 has no mismatched pair: nothing to beat, DALI holds and the margin is +inf.
            margin[i] = minMatched - maxMismatched;
            dali[i] = (byte) (minMatched > maxMismatched ? 1 : 0);
            if (strict) {
                daliStrict[i] = (byte) (minMatched > Math.max(maxMismatched, maxSameSide) ? 1 : 0);
            }
        }
        return new DaliScores(dali, daliStrict, margin);
    }

    public boolean dali(int item) {
        return dali[item] == 1;
    }

    public boolean hasStrict() {
        return daliStrict != null;
    }

    public boolean daliStrict(int item) {
        if (daliStrict == null) {
            throw new IllegalStateException("DALI_S needs the self blocks");
        }
        return daliStrict[item] == 1;
    }

    public float margin(int item) {
        return margin[item];
    }

    /** Share of items with DALI = 1. */
    public double daliRate() {
        return rate(dali);
    }

    public double strictRate() {
        if (daliStrict == null) {
            throw new IllegalStateException("DALI_S needs the self blocks");
        }
        return rate(daliStrict);
    }

    private static double rate(byte[] v) {
        long s = 0;
        for (byte b : v) {
            s += b;
        }
        return (double) s / v.length;
    }
}
