/**
 * Task data sets (XCOPA, XStoryCloze, Belebele, X-CSQA, MGSM, generic jsonl-mc) turned into
 * scoring requests with lm-evaluation-harness's prompt conventions: {@link
 * org.babelscope.eval.task.Tasks#load} gives a {@link org.babelscope.eval.task.TaskSet} of
 * {@link org.babelscope.eval.task.ChoiceItem}s (log-likelihood of each continuation) or
 * {@link org.babelscope.eval.task.GenerationItem}s (MGSM, scored with
 * {@link org.babelscope.eval.task.NumberAnswer}).
 */
package org.babelscope.eval.task;
