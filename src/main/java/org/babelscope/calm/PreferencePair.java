package org.babelscope.calm;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A DPO pair: a line of pairs.jsonl.
 *
 * @param id       {@code <item>-<lang>-<sample>}: the rejected answer's question, language and sample
 * @param lang     the language of the prompt and of the rejected answer
 * @param prompt   the question in that language, as it was asked
 * @param chosen   an answer giving the target letter
 * @param rejected   the answer that does not
 * @param chosenLang the language of the chosen answer (the rejected one's when it has such an answer)
 */
public record PreferencePair(String id, String lang, String prompt, String chosen, String rejected,
        @JsonProperty("chosen_lang") String chosenLang) {
}
