package dev.tandem.router.distill;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Locality;
import dev.tandem.router.assess.MessageText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records prompts and remote answers as JSON Lines, for fine-tuning the local model later. Only
 * requests that a remote tier answered (routed remote, escalated, or fallen back to remote) and in which
 * the assessment found nothing personal or secret ({@code sensitivity: none}, no entity at all) are
 * recorded: a redacted request never is, so no placeholder and no personal value reaches the file.
 *
 * <pre>{@code
 * try (DistillationLog distill = DistillationLog.open(Path.of("distill.jsonl"))) {
 *     TandemRouter router = TandemRouter.builder()...distillation(distill).build();
 * }
 * }</pre>
 *
 * <p>A line: {@code {"time", "request_id", "tier", "model", "messages": [{"role", "content"}], "answer"}}.
 * Appends are serialised and flushed line by line; a write failure is logged (without content) and
 * never fails the request. Thread-safe.
 */
public final class DistillationLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DistillationLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;
    private final BufferedWriter writer;

    private DistillationLog(Path file, Clock clock, BufferedWriter writer) {
        this.file = file;
        this.clock = clock;
        this.writer = writer;
    }

    /** Opens {@code file} for appending, creating it and its folder when needed. */
    public static DistillationLog open(Path file) {
        return open(file, Clock.systemUTC());
    }

    public static DistillationLog open(Path file, Clock clock) {
        requireNonNull(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new DistillationLog(
                    file,
                    requireNonNull(clock, "clock"),
                    Files.newBufferedWriter(
                            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the distillation file " + file, e);
        }
    }

    /**
     * Whether a request with this assessment and outcome may be recorded: answered remotely, and scanned
     * whole with nothing found (a request the scanner could not read, or whose scan failed, never is).
     */
    public static boolean isEligible(Assessment assessment, Outcome outcome) {
        return outcome.locality() == Locality.REMOTE
                && assessment.privacy().sensitivity() == Sensitivity.NONE
                && assessment.privacy().findings().isEmpty()
                && !assessment.privacy().incomplete();
    }

    /** Records the pair when {@link #isEligible}; otherwise does nothing. */
    public void offer(TandemRequest request, Assessment assessment, Outcome outcome, String answer) {
        if (!isEligible(assessment, outcome)) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("request_id", request.id());
        line.put("tier", outcome.tier());
        line.put("model", outcome.model());
        ArrayNode messages = line.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", role(message)).put("content", MessageText.of(message));
        }
        line.put("answer", answer);
        synchronized (writer) {
            try {
                writer.write(JSON.writeValueAsString(line));
                writer.newLine();
                writer.flush();
            } catch (IOException e) {
                LOG.warn(
                        "Could not record request {} for distillation in {}: {}",
                        request.id(),
                        file,
                        e.getClass().getName());
            }
        }
    }

    private static String role(ChatMessage message) {
        return switch (message) {
            case SystemMessage system -> "system";
            case UserMessage user -> "user";
            case AiMessage ai -> "assistant";
            default -> message.type().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public void close() {
        synchronized (writer) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the distillation file " + file, e);
            }
        }
    }

    @Override
    public String toString() {
        return "DistillationLog[" + file + "]";
    }
}
