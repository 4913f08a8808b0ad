package org.babelscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.babelscope.runner.HandOff;
import org.babelscope.runner.Isolation;
import org.babelscope.runner.RunnerProcess;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * Runs a command that loads a model (one with {@code --isolation}) up to its Java gate in this
 * process and the rest in a runner process ({@link org.babelscope.runner}); every other command,
 * and every command in a runner or with {@code --isolation none}, runs here as usual.
 *
 * <p>What the command prints before the gate is held back and dropped at the hand-off, since the
 * runner prints it again; if the command ends before (bad input), it is printed as usual.
 */
final class IsolatingStrategy implements IExecutionStrategy {
    static final String OPTION = "--isolation";

    private final IExecutionStrategy inProcess = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult parseResult) throws ExecutionException, CommandLine.ParameterException {
        if (!isolates(parseResult)) {
            return inProcess.execute(parseResult);
        }
        CommandLine top = parseResult.commandSpec().commandLine();
        PrintWriter out = top.getOut();
        PrintWriter err = top.getErr();
        StringWriter heldOut = new StringWriter();
        StringWriter heldErr = new StringWriter();
        top.setOut(new PrintWriter(heldOut, true));
        top.setErr(new PrintWriter(heldErr, true));
        boolean handedOff = false;
        try {
            return Isolation.armed(() -> inProcess.execute(parseResult));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof HandOff)) {
                throw e;
            }
            handedOff = true;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ExecutionException(top, "could not run the command", e);
        } finally {
            top.setOut(out);
            top.setErr(err);
            if (!handedOff) {
                out.write(heldOut.toString());
                err.write(heldErr.toString());
                out.flush();
                err.flush();
            }
        }
        try {
            return RunnerProcess.run(Main.class.getName(), parseResult.originalArgs(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(top, "interrupted while the runner process ran", e);
        } catch (java.io.IOException e) {
            throw new ExecutionException(top, "could not start the runner process: " + e.getMessage(), e);
        }
    }

    /** A command with --isolation (one that loads a model), isolated by its setting, outside a runner. */
    private static boolean isolates(ParseResult parseResult) {
        if (Isolation.inRunner()) {
            return false;
        }
        ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.commandSpec().findOption(OPTION) == null || last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
            return false;
        }
        try {
            return Isolation.mode(last.matchedOptionValue(OPTION, null)) == Isolation.Mode.PROCESS;
        } catch (RuntimeException badValue) {
            // Running in-process lets the command refuse the value with its usual message.
            return false;
        }
    }
}
