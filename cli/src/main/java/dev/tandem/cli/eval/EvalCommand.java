package dev.tandem.cli.eval;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem eval}: the evaluation commands. Each evaluation is a subcommand listed here; a
 * subcommand reaches the console through {@link #console()} from its {@code @ParentCommand EvalCommand}.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a part of Tandem on labelled data.",
        subcommands = {
            RoutingEvalCommand.class,
            PrivacyEvalCommand.class,
            EmbeddingEvalCommand.class,
            TaskEvalCommand.class,
            LanguageEvalCommand.class
        })
public final class EvalCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public Console console() {
        return parent.console();
    }

    @Override
    public void run() {
        spec.commandLine().usage(parent.console().out());
    }
}
