package org.babelscope.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the terminal's standard error, and nothing at all when standard error is not
 * a terminal (scripts and CI get clean logs; stdout only ever carries results).
 */
final class ConsoleProgress implements AutoCloseable {
    private final ProgressBar bar;

    ConsoleProgress(String task, long total) {
        this.bar = System.console() == null ? null
                : new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build();
    }

    /** The total changed (e.g. a resumed run has less left to do than it first looked). */
    void total(long total) {
        if (bar != null) {
            bar.maxHint(total);
        }
    }

    void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
