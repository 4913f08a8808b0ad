package org.babelscope.eval.task;

import java.util.List;

/** One generation item (MGSM). */
public record GenerationItem(String id, int index, String lang, String prompt, List<String> stopStrings, String gold) {
}
