package org.babelscope.cli;

import java.io.PrintWriter;
import org.babelscope.runner.ParentWatch;

/** Entry point: one exit, with the code of {@link Cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ParentWatch.startIfRunner();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Cli.create(out, err).execute(args);
        out.flush();
        err.flush();
        // Native libraries may keep threads attached to the JVM; end it explicitly.
        System.exit(code);
    }
}
