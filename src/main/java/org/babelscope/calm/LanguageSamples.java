package org.babelscope.calm;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One language's copy of a question, with the answers sampled for it.
 *
 * @param instruction the task instruction of the data (asks for an explanation and an answer line)
 * @param input       the question and its options "A. …" on lines of their own
 * @param responses   the sampled answers, in sampling order
 */
public record LanguageSamples(String instruction, String input, List<String> responses) {
    private static final Pattern OPTION = Pattern.compile("(?m)^([A-Z])\\. ");

    public LanguageSamples {
        responses = List.copyOf(responses);
    }

    /**
     * The prompt as the data's own DPO files build it (LLaMA-Factory's alpaca columns: instruction,
     * a newline, the input); {@code calm sample} prompts the model with it too.
     */
    public String prompt() {
        return instruction + "\n" + input;
    }

    /** The option letters of the input, "A" onwards while they run in order ("ABCDE"). */
    public String optionLetters() {
        StringBuilder letters = new StringBuilder();
        Matcher m = OPTION.matcher(input);
        while (m.find() && m.group(1).charAt(0) == 'A' + letters.length()) {
            letters.append(m.group(1));
        }
        return letters.toString();
    }
}
