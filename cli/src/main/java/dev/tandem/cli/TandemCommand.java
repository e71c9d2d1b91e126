package dev.tandem.cli;

import dev.tandem.cli.audit.AuditCommand;
import dev.tandem.cli.bench.BenchCommand;
import dev.tandem.cli.calibrate.CalibrateCommand;
import dev.tandem.cli.chat.ChatCommand;
import dev.tandem.cli.distill.DistillEmbeddingCommand;
import dev.tandem.cli.eval.EvalCommand;
import dev.tandem.cli.models.ModelsCommand;
import dev.tandem.cli.policy.PolicyCommand;
import dev.tandem.cli.report.ReportCommand;
import dev.tandem.cli.route.RouteCommand;
import dev.tandem.cli.scan.ScanCommand;
import dev.tandem.cli.serve.ServeCommand;
import dev.tandem.cli.train.TrainCommand;
import dev.tandem.core.exception.TandemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code tandem} command line. */
@Command(
        name = "tandem",
        mixinStandardHelpOptions = true,
        version = "tandem 0.1.0",
        description = {
            "Routes each chat request to a local tiny model or a remote large one, keeping personal data local.",
            "",
            "Environment: TANDEM_LOCAL_MODEL (model folder or Hugging Face id; default: a tiny forged model), OPENAI_BASE_URL,",
            "OPENAI_API_KEY, TANDEM_REMOTE_MODEL (no remote: offline), TANDEM_CACHE_DIR.",
            "The launcher also runs the test suite: ./tandem test"
        },
        subcommands = {
            ChatCommand.class,
            ServeCommand.class,
            RouteCommand.class,
            ScanCommand.class,
            AuditCommand.class,
            ReportCommand.class,
            ModelsCommand.class,
            PolicyCommand.class,
            CalibrateCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            DistillEmbeddingCommand.class
        })
public final class TandemCommand implements Runnable {

    private final Console console;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    TandemCommand(Console console) {
        this.console = console;
    }

    /** The streams and environment of this run, for subcommands. */
    public Console console() {
        return console;
    }

    @Override
    public void run() {
        spec.commandLine().usage(console.out());
    }

    /** Parses and runs {@code args}; returns the exit code. */
    public static int run(Console console, String... args) {
        CommandLine commandLine = new CommandLine(new TandemCommand(console))
                .setOut(new java.io.PrintWriter(console.out(), true))
                .setErr(new java.io.PrintWriter(console.err(), true))
                .setExecutionExceptionHandler((error, cmd, parsed) -> {
                    // Tandem's own exceptions carry a message meant for the user; anything else is a bug.
                    if (error instanceof TandemException || error instanceof IllegalArgumentException) {
                        cmd.getErr().println("tandem: " + error.getMessage());
                        return 2;
                    }
                    throw error;
                });
        return commandLine.execute(args);
    }
}
