package org.babelscope.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.babelscope.runner.TerminalHint;

/**
 * Progress on standard error: a progress bar when standard error is a terminal; otherwise (nohup,
 * CI, a cluster job), when given the command's error writer, one plain line at least every
 * {@link #LOG_INTERVAL_NANOS} ({@code capture: 120/400 (30.0%), 12.5/s, ETA 0:00:22}). Standard
 * output only ever carries results.
 *
 * <p>Off a terminal a line is written when progress is reported and the interval has passed since
 * the last line, and by a daemon timer at each interval, so that a slow step still shows the run is
 * alive. The rate is measured from the first progress reported (so a resumed run's earlier work
 * does not count), and the ETA is the work left at that rate.
 */
final class ConsoleProgress implements AutoCloseable {
    /** Off a terminal, the longest time between two progress lines. */
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ProgressBar bar;
    private final String task;
    private final PrintWriter log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final ScheduledExecutorService timer;
    private long total;
    private long done;
    private boolean started;
    private long firstDone;
    private long firstNanos;
    private long lastLineNanos;
    private long lastLineDone = -1;

    /** A progress bar on a terminal, and nothing at all otherwise. */
    ConsoleProgress(String task, long total) {
        this(task, total, null);
    }

    /** A progress bar on a terminal, else plain lines on {@code log} (when not null). */
    ConsoleProgress(String task, long total, PrintWriter log) {
        this(task, total, TerminalHint.atTerminal() ? null : log, LOG_INTERVAL_NANOS, System::nanoTime, true);
    }

    /**
     * Plain lines on {@code log} (or a terminal bar when {@code log} is null and there is a
     * terminal), every {@code intervalNanos} of {@code clock}; a timer only when {@code timer}.
     * Package-private so a test can drive the clock.
     */
    ConsoleProgress(String task, long total, PrintWriter log, long intervalNanos, LongSupplier clock, boolean timer) {
        this.task = task;
        this.total = total;
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.lastLineNanos = clock.getAsLong();
        this.bar = log != null || !TerminalHint.atTerminal() ? null : bar(task, total);
        if (log != null && timer && intervalNanos > 0) {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress " + task);
                t.setDaemon(true);
                return t;
            });
            this.timer.scheduleAtFixedRate(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        } else {
            this.timer = null;
        }
    }

    private static ProgressBar bar(String task, long total) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).continuousUpdate();
        if (TerminalHint.viaUserProcess()) {
            // A runner's standard error is a pipe, whose width cannot be asked: draw 80 columns.
            b.setConsumer(new ConsoleProgressBarConsumer(System.err, 80));
        }
        return b.build();
    }

    /** The total changed (e.g. a resumed run has less left to do than it first looked). */
    synchronized void total(long total) {
        this.total = total;
        if (bar != null) {
            bar.maxHint(total);
        }
    }

    synchronized void stepTo(long done) {
        this.done = done;
        if (bar != null) {
            bar.stepTo(done);
        }
        if (log != null) {
            long now = clock.getAsLong();
            if (!started) {
                started = true;
                firstDone = done;
                firstNanos = now;
            }
            if (now - lastLineNanos >= intervalNanos) {
                line(now);
            }
        }
    }

    /** The timer's call: a line when none was written for an interval, progress or not. */
    synchronized void tick() {
        long now = clock.getAsLong();
        if (log != null && now - lastLineNanos >= intervalNanos) {
            line(now);
        }
    }

    private void line(long now) {
        lastLineNanos = now;
        lastLineDone = done;
        log.println(describe(now));
        log.flush();
    }

    /** {@code task: done/total (pct%), rate/s, ETA h:mm:ss}; "rate ?" and "ETA ?" until measurable. */
    synchronized String describe(long now) {
        StringBuilder s = new StringBuilder(task).append(": ").append(done);
        if (total > 0) {
            s.append('/').append(total).append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / total));
        } else {
            s.append(" done");
        }
        double seconds = started ? (now - firstNanos) / 1e9 : 0;
        long measured = done - firstDone;
        if (!started || seconds <= 0 || measured <= 0) {
            s.append(", rate ?");
            if (total > 0) {
                s.append(", ETA ?");
            }
            return s.toString();
        }
        double rate = measured / seconds;
        s.append(String.format(Locale.ROOT, ", %.1f/s", rate));
        if (total > 0) {
            s.append(", ETA ").append(clockTime(Math.max(0, total - done) / rate));
        }
        return s.toString();
    }

    static String clockTime(double seconds) {
        long t = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        synchronized (this) {
            if (bar != null) {
                bar.close();
            }
            // A last line when lines were written and the count moved since: a log ends with where it got.
            if (log != null && lastLineDone >= 0 && lastLineDone != done) {
                line(clock.getAsLong());
            }
        }
    }
}
