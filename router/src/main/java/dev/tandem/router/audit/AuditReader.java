package dev.tandem.router.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the request records of an audit log, oldest first, across its rotated files. It does not check
 * the chain: run {@link AuditVerifier} for that. Header lines are skipped; {@link #readTolerant} also skips
 * lines it cannot read, and says where.
 */
public final class AuditReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditReader() {}

    /**
     * @throws UncheckedIOException when a file cannot be read
     * @throws IllegalArgumentException naming the file and line of a record that is not valid JSON
     */
    public static List<AuditEntry> read(Path file) {
        return read(file, false).entries();
    }

    /**
     * Reads what it can: a line that is not JSON, or a record missing its time, is skipped and named in
     * {@link AuditRecords#skipped()} instead of failing the whole read. For reports over damaged logs.
     *
     * @throws UncheckedIOException when a file cannot be read
     */
    public static AuditRecords readTolerant(Path file) {
        return read(file, true);
    }

    private static AuditRecords read(Path file, boolean tolerant) {
        List<AuditEntry> entries = new ArrayList<>();
        List<AuditRecords.PolicyChange> policyChanges = new ArrayList<>();
        List<AuditRecords.ShadowCall> shadowCalls = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (@Nullable Path path : AuditChain.files(file)) {
            if (path == null) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the audit log " + path, e);
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String at = path + ":" + (i + 1);
                try {
                    JsonNode node = JSON.readTree(lines.get(i));
                    switch (node.path("type").asText()) {
                        case "request" -> entries.add(entry(node));
                        case "policy" ->
                            policyChanges.add(new AuditRecords.PolicyChange(
                                    Instant.parse(node.path("time").asText()),
                                    node.path("policy").asText(),
                                    node.path("rules").asInt(),
                                    node.path("calibration").asText("not recorded")));
                        case "shadow" ->
                            shadowCalls.add(new AuditRecords.ShadowCall(
                                    Instant.parse(node.path("time").asText()),
                                    node.path("request_id").asText(),
                                    text(node.path("tenant")),
                                    node.path("purpose").asText(),
                                    node.path("tier").asText(),
                                    text(node.path("model")),
                                    node.path("answered").asBoolean(),
                                    node.path("agreed").isBoolean()
                                            ? Optional.of(node.path("agreed").asBoolean())
                                            : Optional.empty()));
                        default -> {
                            // headers and record types of later versions carry nothing a reader needs
                        }
                    }
                } catch (IOException | DateTimeParseException e) {
                    if (!tolerant) {
                        throw new IllegalArgumentException(
                                at + ": not a readable record; run `tandem audit verify " + file + "`");
                    }
                    skipped.add(
                            at + ": " + (e instanceof DateTimeParseException ? "no valid time" : "not a JSON record"));
                }
            }
        }
        return new AuditRecords(entries, policyChanges, shadowCalls, skipped);
    }

    private static AuditEntry entry(JsonNode node) {
        JsonNode decision = node.path("decision");
        List<String> rules = new ArrayList<>();
        node.path("reasons").forEach(reason -> rules.add(reason.path("rule").asText()));
        List<AuditEntry.Redacted> redactions = new ArrayList<>();
        node.path("redactions")
                .forEach(r ->
                        redactions.add(new AuditEntry.Redacted(r.path("tier").asText(), counts(r.path("counts")))));
        List<AuditEntry.Fallback> fallbacks = new ArrayList<>();
        node.path("fallbacks")
                .forEach(f -> fallbacks.add(new AuditEntry.Fallback(
                        f.path("from").asText(),
                        f.path("to").asText(),
                        f.path("error").asText())));
        List<AuditEntry.Escalated> escalations = new ArrayList<>();
        node.path("escalations")
                .forEach(e -> escalations.add(new AuditEntry.Escalated(
                        e.path("from").asText(),
                        e.path("to").asText(),
                        e.path("confidence").asDouble(),
                        e.path("min_confidence").asDouble())));
        List<AuditEntry.AttemptEntry> attempts = new ArrayList<>();
        node.path("attempts")
                .forEach(a -> attempts.add(new AuditEntry.AttemptEntry(
                        a.path("tier").asText(),
                        a.path("locality").asText(),
                        a.path("status").asText(),
                        text(a.path("error")),
                        a.path("latency_ms").asLong(),
                        a.path("tokens_in").asLong(),
                        a.path("tokens_out").asLong(),
                        a.path("redacted").asBoolean())));
        JsonNode latency = node.path("latency_ms");
        return new AuditEntry(
                node.path("seq").asLong(),
                Instant.parse(node.path("time").asText()),
                node.path("request_id").asText(),
                text(node.path("tenant")),
                node.path("status").asText(),
                text(decision.path("target")),
                text(decision.path("route")),
                text(node.path("tier")),
                text(node.path("locality")),
                text(node.path("model")),
                rules,
                counts(node.path("entities")),
                redactions,
                fallbacks,
                escalations,
                attempts,
                text(node.path("error")),
                latency.isNumber() ? OptionalLong.of(latency.asLong()) : OptionalLong.empty(),
                node.path("tokens").path("in").asLong(),
                node.path("tokens").path("out").asLong());
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static Map<String, Integer> counts(JsonNode node) {
        Map<String, Integer> counts = new TreeMap<>();
        node.properties()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue().asInt()));
        return counts;
    }
}
