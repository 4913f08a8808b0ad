package org.babelscope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.babelscope.eval.task.ChoiceItem;
import org.junit.jupiter.api.Test;

/** acc, acc_norm and acc_bytes on hand-worked log-likelihoods. */
class ChoiceOutcomeTest {
    private static ChoiceOutcome outcome(List<String> options, double... loglik) {
        return new ChoiceOutcome(new ChoiceItem("x", 0, "fr", "ctx", options, 1), loglik, new int[options.size()], false);
    }

    @Test
    void normalisationByCharactersCanOverturnTheRawArgmax() {
        // raw: -10 > -12 picks 0; per character: -10/2 = -5 < -12/7 = -1.71 picks 1.
        ChoiceOutcome o = outcome(List.of(" a", " bbbbbb"), -10, -12);
        assertEquals(0, o.prediction());
        assertEquals(1, o.predictionNorm());
        assertEquals(1, o.predictionBytes());
    }

    @Test
    void charactersAreCodePointsAndBytesAreUtf8() {
        // " é" is 2 code points and 3 bytes; " ab" is 3 and 3. loglik -4 and -5.5:
        // per char -2 vs -1.83 picks 1; per byte -1.33 vs -1.83 picks 0.
        ChoiceOutcome o = outcome(List.of(" é", " ab"), -4, -5.5);
        assertEquals(0, o.prediction());
        assertEquals(1, o.predictionNorm());
        assertEquals(0, o.predictionBytes());
        // A character outside the BMP is one code point (two UTF-16 units) and four bytes.
        ChoiceOutcome emoji = outcome(List.of(" \uD83D\uDE00", " ab"), -4, -5.9);
        // Per code point -4/2 = -2 < -5.9/3 = -1.97 picks 1; counting UTF-16 units (3) would pick 0.
        assertEquals(1, emoji.predictionNorm());
    }

    @Test
    void tiesGoToTheFirstOption() {
        assertEquals(0, outcome(List.of(" a", " b", " c"), -3, -3, -4).prediction());
        assertEquals(1, outcome(List.of(" a", " b", " c"), -3, -1, -1).prediction());
    }
}
