package org.babelscope.eval.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NumberAnswerTest {
    @Test
    void currencyAndThousandsSeparatorsAreRemoved() {
        assertEquals(Optional.of("1234.50"), NumberAnswer.extract("She makes $1,234.50 a week."));
        assertTrue(NumberAnswer.matches(NumberAnswer.extract("$1,234.50").orElseThrow(), "1234.5"));
    }

    @Test
    void theLastNumberWinsAndItsSentenceStopGoes() {
        assertEquals(Optional.of("18"), NumberAnswer.extract("16 - 3 - 4 = 9 eggs, 9 * 2 = 18. The answer is 18."));
        assertEquals(Optional.of("18"), NumberAnswer.extract("The answer is 18."));
    }

    @Test
    void negativeNumbersKeepTheirSign() {
        assertEquals(Optional.of("-3"), NumberAnswer.extract("-3"));
        assertTrue(NumberAnswer.matches("-3.0", "-3"));
        assertFalse(NumberAnswer.matches("-3", "3"));
    }

    @Test
    void noNumberGivesNothing() {
        assertEquals(Optional.empty(), NumberAnswer.extract("I do not know..."));
        assertEquals(Optional.empty(), NumberAnswer.extract(""));
    }

    @Test
    void numbersMatchByValue() {
        assertTrue(NumberAnswer.matches("18.0", "18"));
        assertTrue(NumberAnswer.matches("18.", "18"));
        assertTrue(NumberAnswer.matches("70,000", "70000"));
        assertFalse(NumberAnswer.matches("180", "18"));
        assertFalse(NumberAnswer.matches("18.5", "18"));
    }

    @Test
    void singleDigitsAreFound() {
        assertEquals(Optional.of("7"), NumberAnswer.extract("Answer: 7"));
        assertEquals(Optional.of("5"), NumberAnswer.extract("I think 5, no, wait"));
    }
}
