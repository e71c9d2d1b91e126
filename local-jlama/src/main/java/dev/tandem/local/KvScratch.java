package dev.tandem.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder where Jlama keeps the KV cache of a generation as memory-mapped page files named
 * {@code <session>-L<layer page>C<context page>.page}. Jlama never deletes them (Jlama 0.8.4: thousands
 * of files and hundreds of MB after a few hundred calls), so each generation's files are deleted as soon
 * as it ends. Only files of sessions this model ran are touched, so a shared folder is safe.
 *
 * <p>Not thread-safe: the owning model calls it under its generation lock.
 */
final class KvScratch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KvScratch.class);

    private final Path directory;
    private final boolean owned;
    // Files a platform refused to delete while still mapped (Windows); retried after every generation.
    private final List<Path> leftovers = new ArrayList<>();

    private KvScratch(Path directory, boolean owned) {
        this.directory = directory;
        this.owned = owned;
    }

    /** Uses {@code requested}, creating it if needed, or a fresh temporary folder that close() removes. */
    static KvScratch create(@Nullable Path requested) {
        try {
            if (requested == null) {
                return new KvScratch(Files.createTempDirectory("tandem-jlama-"), true);
            }
            return new KvScratch(Files.createDirectories(requested), false);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not create the working directory "
                            + (requested == null ? "under java.io.tmpdir" : requested.toString())
                            + " for Jlama's KV cache: " + e.getMessage() + ". Choose a writable folder.",
                    e);
        }
    }

    Path directory() {
        return directory;
    }

    /** Deletes the page files of {@code session}, and any file an earlier clean could not delete. */
    void clean(UUID session) {
        List<Path> pending = new ArrayList<>(leftovers);
        leftovers.clear();
        try (DirectoryStream<Path> pages = Files.newDirectoryStream(directory, session + "-*.page")) {
            pages.forEach(pending::add);
        } catch (IOException e) {
            log.warn("Could not list Jlama's KV cache files in {}: {}", directory, e.toString());
        }
        for (Path page : pending) {
            try {
                Files.deleteIfExists(page);
            } catch (IOException e) {
                leftovers.add(page);
            }
        }
    }

    @Override
    public void close() {
        for (Path page : leftovers) {
            try {
                Files.deleteIfExists(page);
            } catch (IOException e) {
                log.warn("Could not delete Jlama's KV cache file {}: {}", page, e.toString());
            }
        }
        leftovers.clear();
        if (!owned) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete the working directory {}: {}", directory, e.toString());
        }
    }
}
