package org.babelscope.compute;

/**
 * K x K similarity blocks per item (DALI): {@code cross(i, o, p)} is pivot option o against target
 * option p of item i; {@code pivotSelf} and {@code targetSelf} (null unless asked for) compare each
 * side's options with each other.
 */
public record OptionBlocks(int items, int options, float[] cross, float[] pivotSelf, float[] targetSelf) {

    public float cross(int item, int o, int p) {
        return cross[(item * options + o) * options + p];
    }

    public float pivotSelf(int item, int o, int p) {
        return pivotSelf[(item * options + o) * options + p];
    }

    public float targetSelf(int item, int o, int p) {
        return targetSelf[(item * options + o) * options + p];
    }
}
