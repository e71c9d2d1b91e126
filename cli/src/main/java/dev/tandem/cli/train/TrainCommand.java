package dev.tandem.cli.train;

import dev.tandem.cli.TandemCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tandem train}: the parent of the training commands. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a model that Tandem ships.",
        subcommands = {TrainPrivacyCommand.class})
public final class TrainCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @Spec
    private CommandSpec spec;

    TandemCommand parent() {
        return parent;
    }

    @Override
    public void run() {
        spec.commandLine().usage(parent.console().out());
    }
}
