package org.babelscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Off a terminal: plain progress lines (done/total, rate, ETA) at the interval, on a clock the test drives. */
class ConsoleProgressTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1000 * S);
    private final StringWriter log = new StringWriter();

    private ConsoleProgress progress(long total, long interval) {
        return new ConsoleProgress("capture", total, new PrintWriter(log), interval, now::get, false);
    }

    private List<String> lines() {
        return log.toString().lines().toList();
    }

    @Test
    void aLineAtMostEveryIntervalWithDoneTotalRateAndEta() {
        try (ConsoleProgress p = progress(400, 10 * S)) {
            p.stepTo(0);
            assertEquals(List.of(), lines(), "nothing before the interval has passed");
            now.addAndGet(4 * S);
            p.stepTo(40);
            assertEquals(List.of(), lines());
            now.addAndGet(6 * S);
            p.stepTo(100);
            // 100 items in 10 s from the first report: 10/s, 300 left: 30 s.
            assertEquals(List.of("capture: 100/400 (25.0%), 10.0/s, ETA 0:00:30"), lines());
            now.addAndGet(5 * S);
            p.stepTo(150);
            assertEquals(1, lines().size(), "the next line waits for the interval");
            now.addAndGet(5 * S);
            p.tick();
            assertEquals("capture: 150/400 (37.5%), 7.5/s, ETA 0:00:33", lines().get(1), "the timer's heartbeat");
            p.stepTo(400);
        }
        assertEquals("capture: 400/400 (100.0%), 20.0/s, ETA 0:00:00", lines().get(2), "a last line on close");
        assertEquals(3, lines().size());
    }

    @Test
    void intervalZeroLogsEveryStepAndAResumedRunMeasuresFromItsFirstReport() {
        try (ConsoleProgress p = progress(0, 0)) {
            p.stepTo(500);
            now.addAndGet(2 * S);
            p.total(1000);
            p.stepTo(520);
        }
        assertEquals(List.of("capture: 500 done, rate ?", "capture: 520/1000 (52.0%), 10.0/s, ETA 0:00:48"), lines());
    }

    @Test
    void etaInHoursMinutesSeconds() {
        assertEquals("1:01:01", ConsoleProgress.clockTime(3661));
        assertEquals("0:00:00", ConsoleProgress.clockTime(0.2));
    }
}
