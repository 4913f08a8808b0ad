package org.babelscope.eval.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;

class TaskNameTest {
    @Test
    void namesRoundTrip() {
        for (TaskName t : TaskName.values()) {
            assertEquals(t, TaskName.parse(t.cliName()));
        }
        assertEquals(TaskName.JSONL_MC, TaskName.parse("jsonl-mc"));
        assertEquals("xstorycloze", TaskName.XSTORYCLOZE.cliName());
    }

    @Test
    void onlyMgsmGenerates() {
        for (TaskName t : TaskName.values()) {
            assertEquals(t == TaskName.MGSM, t.isGeneration(), t.cliName());
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> TaskName.parse("copa"));
        assertTrue(e.getMessage().contains("copa") && e.getMessage().contains("xcopa, xstorycloze, belebele, xcsqa, "
                + "mgsm, jsonl-mc"), e.getMessage());
    }
}
