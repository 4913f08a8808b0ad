package org.babelscope.cli;

import java.io.PrintWriter;
import org.babelscope.BadInputException;
import org.babelscope.model.llama.LlamaFailure;
import org.babelscope.compute.KernelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * Builds the command line. Exit codes live here and only here: 0 success, 1 failure, 2 bad usage
 * or bad input. Errors print one message, not a stack trace (set BABELSCOPE_DEBUG=1 for one).
 */
@Command(name = "babelscope", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Measure and steer cross-lingual alignment inside large language models.",
        subcommands = {CaptureCommand.class, AlignCommand.class, EvalCommand.class, CorrelateCommand.class,
                LensCommand.class, LiftCommand.class, CalmCommand.class, ReportCommand.class, DemoCommand.class, BenchCommand.class,
                BackendsCommand.class, RuntimeCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure", "2:bad usage or bad input"},
        footer = {"", "Start with: babelscope demo", "Each command has --help with an example."})
public final class Cli implements Runnable {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required (try: babelscope demo)");
    }

    /** A command line writing to the given streams, so tests can run commands in-process. */
    public static CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Cli());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionStrategy(new IsolatingStrategy());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean bad = isBadInput(ex);
            commandLine.getErr().println("error: " + message(ex));
            if (System.getenv("BABELSCOPE_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return bad ? BAD_INPUT : FAILURE;
        });
        cmd.setExitCodeExceptionMapper(ex -> isBadInput(ex) ? BAD_INPUT : FAILURE);
        return cmd;
    }

    private static boolean isBadInput(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BadInputException || t instanceof ParameterException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BadInputException || t instanceof KernelException || t instanceof LlamaFailure) {
                return t.getMessage();
            }
        }
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : ex.getClass().getSimpleName() + ": " + m;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"babelscope " + (v == null ? "(development build)" : v)};
        }
    }
}
