package dev.tandem.cli.models;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.local.TerminalProgressBar;
import dev.tandem.local.hub.HuggingFaceHub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tandem models}: the group of model commands; alone, it prints its usage. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "Local models: download from Hugging Face, list the cache, quantize, describe.",
            "",
            "Environment: HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (gated models; never printed),",
            "TANDEM_CACHE_DIR (default $XDG_CACHE_HOME/tandem, else ~/.cache/tandem), TANDEM_OFFLINE=1 or",
            "HF_HUB_OFFLINE=1 (cache only)."
        },
        subcommands = {PullCommand.class, ListCommand.class, QuantizeCommand.class, InfoCommand.class})
public final class ModelsCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @Spec
    private CommandSpec spec;

    Console console() {
        return parent.console();
    }

    /** A hub on the console's environment, drawing progress on its stderr. */
    HuggingFaceHub hub() {
        Console console = console();
        return HuggingFaceHub.builder()
                .environment(console.environment().variables())
                .cacheDirectory(console.environment().cacheDirectory())
                .progress(TerminalProgressBar.to(console.err(), console.interactive()))
                .build();
    }

    @Override
    public void run() {
        spec.commandLine().usage(console().out());
    }
}
