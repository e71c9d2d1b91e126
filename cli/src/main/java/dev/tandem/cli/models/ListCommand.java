package dev.tandem.cli.models;

import dev.tandem.local.LocalModelMemory;
import dev.tandem.local.hub.HuggingFaceHub;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code tandem models list}: the models in the cache. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the models in the cache: downloaded ones and forged ones.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    private ModelsCommand models;

    @Override
    public Integer call() throws IOException {
        HuggingFaceHub hub = models.hub();
        PrintStream out = models.console().out();
        List<HuggingFaceHub.CachedModel> downloaded = hub.cachedModels();
        out.println(String.format(Locale.ROOT, "%-50s %-10s %10s  %s", "MODEL", "STATE", "SIZE", "FOLDER"));
        for (HuggingFaceHub.CachedModel model : downloaded) {
            out.println(String.format(
                    Locale.ROOT,
                    "%-50s %-10s %10s  %s",
                    model.id(),
                    model.complete() ? "complete" : "partial",
                    LocalModelMemory.human(model.bytes()),
                    model.folder()));
        }
        Path local = hub.cacheDirectory().resolve("models");
        if (Files.isDirectory(local)) {
            try (Stream<Path> folders = Files.list(local)) {
                for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("config.json")))
                        .sorted()
                        .toList()) {
                    out.println(String.format(
                            Locale.ROOT,
                            "%-50s %-10s %10s  %s",
                            folder.getFileName(),
                            "local",
                            LocalModelMemory.human(folderSize(folder)),
                            folder));
                }
            }
        }
        if (downloaded.isEmpty() && !Files.isDirectory(local)) {
            out.println("(no models in " + hub.cacheDirectory() + "; run `tandem models pull owner/name`)");
        }
        return 0;
    }

    private static long folderSize(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }
}
