package dev.tandem.cli.policy;

import dev.tandem.cli.TandemCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code tandem policy}: check a policy file, or explain how it decides a prompt. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Validate a routing policy, or explain step by step how it decides a prompt.",
        subcommands = {PolicyCheckCommand.class, PolicyExplainCommand.class})
public final class PolicyCommand implements Runnable {

    @ParentCommand
    TandemCommand parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(parent.console().out());
    }
}
