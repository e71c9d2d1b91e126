package dev.tandem.cli.models;

import dev.tandem.local.hub.RepoId;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tandem models pull ID}: downloads a model into the cache, resumably and verified. */
@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        description = {
            "Download a Hugging Face model (owner/name[@revision]) into the cache, with a progress bar on stderr.",
            "An interrupted download resumes; every file is checked against the hub's SHA-256. Prints the folder."
        })
final class PullCommand implements Callable<Integer> {

    @ParentCommand
    private ModelsCommand models;

    @Parameters(index = "0", paramLabel = "ID", description = "owner/name or owner/name@revision")
    private String id;

    @Override
    public Integer call() {
        Path folder = models.hub().download(RepoId.parse(id));
        models.console().out().println(folder);
        return 0;
    }
}
