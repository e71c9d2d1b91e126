package dev.tandem.cli.models;

import dev.tandem.local.ModelInfo;
import dev.tandem.local.hub.HuggingFaceHub;
import dev.tandem.local.hub.RepoId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tandem models info ID}: what a model declares. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Describe a model folder or a model id (from the cache; pulled if missing): architecture, parameters,",
            "context, tokenizer, chat template and the languages its model card lists."
        })
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    private ModelsCommand models;

    @Parameters(index = "0", paramLabel = "ID", description = "a model folder or owner/name[@revision]")
    private String id;

    @Override
    public Integer call() {
        HuggingFaceHub hub = models.hub();
        Path folder = Files.isDirectory(Path.of(id))
                ? Path.of(id)
                : hub.cached(RepoId.parse(id)).orElseGet(() -> hub.resolve(id));
        ModelInfo.read(folder).describe().forEach(models.console().out()::println);
        return 0;
    }
}
