package dev.tandem.cli.setup;

import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --policy FILE} option shared by the commands that route; the default is the privacy-first preset. */
public final class PolicyOption {

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "A YAML routing policy. Default: the built-in privacy-first preset.")
    private @Nullable Path file;

    public Policy load() {
        return file == null ? PolicyLoader.preset(PolicyLoader.DEFAULT_PRESET) : PolicyLoader.load(file);
    }
}
