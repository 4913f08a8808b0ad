package org.babelscope.corpus;

import java.util.LinkedHashSet;
import java.util.List;
import org.babelscope.BadInputException;

/**
 * What to read from a corpus on disk.
 *
 * @param langs languages to keep ({@code --langs}); empty keeps all. Codes are languages, not view
 *              names: {@code fra_Latn} keeps {@code fra_Latn.opt1..4}, {@code fra} keeps
 *              {@code fra} and {@code eng-fra}. The pivot is always kept; naming it is allowed.
 * @param limit the first {@code limit} items of every view ({@code --limit}); 0 keeps all
 * @param pivot the pivot language, or null to detect it (English: {@code eng_Latn}, {@code eng},
 *              {@code en} or {@code english}, whichever the corpus has). Tatoeba and XCOPA pair
 *              every language with English, so their pivot can only be {@code eng}
 * @param split which part of a data set, or null for its default: XCOPA {@code test} (default)
 *              or {@code val}; FLORES {@code devtest} (default when present), {@code dev} or
 *              {@code txt} (the file extension). Other formats have no splits
 */
public record ReadOptions(List<String> langs, int limit, String pivot, String split) {
    public ReadOptions {
        if (limit < 0) {
            throw new BadInputException("limit must be >= 0 (0 = all items), got " + limit);
        }
        // Duplicates in --langs would make duplicate views; keep first mentions, in order.
        langs = List.copyOf(new LinkedHashSet<>(langs));
    }

    /** Everything, with the detected pivot and the default split. */
    public static ReadOptions all() {
        return new ReadOptions(List.of(), 0, null, null);
    }

    public ReadOptions withLangs(List<String> newLangs) {
        return new ReadOptions(newLangs, limit, pivot, split);
    }

    public ReadOptions withLimit(int newLimit) {
        return new ReadOptions(langs, newLimit, pivot, split);
    }

    public ReadOptions withPivot(String newPivot) {
        return new ReadOptions(langs, limit, newPivot, split);
    }

    public ReadOptions withSplit(String newSplit) {
        return new ReadOptions(langs, limit, pivot, newSplit);
    }

    /** The first {@code limit} entries (all when limit is 0). */
    <T> List<T> cut(List<T> texts) {
        return limit == 0 || texts.size() <= limit ? texts : texts.subList(0, limit);
    }

    /** Rejects a split for a format that has none. */
    void requireNoSplit(CorpusFormat format) {
        if (split != null) {
            throw new BadInputException("--format " + format.cliName() + " has no splits (got \"" + split + "\")");
        }
    }

    /** Rejects a pivot other than English for formats built on English pairs. */
    void requireEnglishPivot(CorpusFormat format, String english) {
        if (pivot != null && !pivot.equals(english)) {
            throw new BadInputException("--format " + format.cliName() + " pairs every language with English, so "
                    + "the pivot is " + english + ", not " + pivot);
        }
    }
}
