/**
 * Parallel corpora and task data sets, read from disk into a {@link org.babelscope.corpus.Corpus}:
 * named views of texts, item-aligned with a pivot language.
 *
 * <p>Entry points: {@link org.babelscope.corpus.Corpora#read} for the formats of
 * {@link org.babelscope.corpus.CorpusFormat} and {@link org.babelscope.corpus.BuiltinCorpus} for
 * the corpus shipped in the jar. View names ({@code fra_Latn}, {@code fra_Latn.opt2},
 * {@code eng-fra}, {@code eng-it.opt1}) and the rule that finds each view's pivot are defined once,
 * in {@link org.babelscope.corpus.ViewName}.
 */
package org.babelscope.corpus;
