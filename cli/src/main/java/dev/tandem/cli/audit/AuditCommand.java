package dev.tandem.cli.audit;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code tandem audit}: commands on audit logs. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Work with the audit logs that `tandem chat --audit FILE` writes.",
        subcommands = {AuditVerifyCommand.class})
public final class AuditCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    Console console() {
        return parent.console();
    }

    @Override
    public void run() {
        spec.commandLine().usage(console().out());
    }
}
