package dev.tandem.router.learn;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded JSON Lines file of labelled prompts learned from traffic, in the input format of {@code
 * tandem calibrate}: {@code {"time", "prompt", "label": "local|remote", "origin"}}, where {@code origin}
 * is {@code escalation} or {@code shadow:<agreement>}. "local" means the local answer was as good as
 * the remote one; "remote" that it was not.
 *
 * <p><b>What is stored.</b> Only the last user message of requests in which the privacy assessment found
 * nothing (no entity, sensitivity none): never a system prompt, earlier turns, or either answer. The
 * assessment can miss personal data (see docs/privacy.md for its measured recall), so the file is created
 * readable by its owner only (on POSIX file systems) and is capped at {@code maxLines}: past it, the
 * oldest tenth is dropped.
 *
 * <p>Appends are serialised and flushed line by line; a write failure is logged without content and
 * never reaches a caller. Thread-safe.
 */
public final class TrafficLabels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficLabels.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int maxLines;
    private final Clock clock;
    private BufferedWriter writer;
    private int lines;

    private TrafficLabels(Path file, int maxLines, Clock clock, BufferedWriter writer, int lines) {
        this.file = file;
        this.maxLines = maxLines;
        this.clock = clock;
        this.writer = writer;
        this.lines = lines;
    }

    /**
     * Opens {@code file} for appending, creating it (owner-only) and its folder when needed.
     *
     * @throws IllegalArgumentException when {@code maxLines} is below 1
     * @throws UncheckedIOException when the file cannot be opened
     */
    public static TrafficLabels open(Path file, int maxLines, Clock clock) {
        requireNonNull(file, "file");
        requireNonNull(clock, "clock");
        if (maxLines < 1) {
            throw new IllegalArgumentException("a label store holds at least 1 line, was " + maxLines);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.notExists(file)) {
                Files.createFile(file);
                restrictToOwner(file);
            }
            int existing;
            try (var stream = Files.lines(file, StandardCharsets.UTF_8)) {
                existing = (int) stream.filter(line -> !line.isBlank()).count();
            }
            return new TrafficLabels(file, maxLines, clock, appender(file), existing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the traffic label store " + file, e);
        }
    }

    /**
     * Reads a store as labelled prompts for the calibrator.
     *
     * @throws IllegalArgumentException naming each bad line (file:line), or when the store is empty
     */
    public static List<LabelledPrompt> read(Path file) {
        return LabelledPrompt.read(file, false);
    }

    /** Appends one label: {@code localGood} is whether the local answer was as good as the remote one. */
    public void record(String prompt, boolean localGood, String origin) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("prompt", prompt);
        line.put("label", localGood ? "local" : "remote");
        line.put("origin", origin);
        synchronized (this) {
            try {
                writer.write(JSON.writeValueAsString(line));
                writer.newLine();
                writer.flush();
                lines++;
                if (lines > maxLines) {
                    dropOldest();
                }
            } catch (IOException e) {
                LOG.warn(
                        "Could not record a traffic label in {}: {}",
                        file,
                        e.getClass().getName());
            }
        }
    }

    /** How many labels the store holds. */
    public synchronized int size() {
        return lines;
    }

    public Path file() {
        return file;
    }

    /** Keeps the newest nine tenths of {@code maxLines}, so that trimming happens once per tenth. */
    private void dropOldest() throws IOException {
        writer.close();
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();
        int keep = Math.max(1, maxLines - Math.max(1, maxLines / 10));
        List<String> newest = all.subList(Math.max(0, all.size() - keep), all.size());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, newest, StandardCharsets.UTF_8);
        restrictToOwner(temporary);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        lines = newest.size();
        writer = appender(file);
    }

    private static BufferedWriter appender(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the traffic label store " + file, e);
        }
    }

    @Override
    public String toString() {
        return "TrafficLabels[" + file + ", max " + maxLines + " lines]";
    }
}
