package dev.tandem.router.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.event.AuditFailureEvent;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.EscalationEvent;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.FallbackEvent;
import dev.tandem.core.event.RedactionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.Failure;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.router.assess.MessageText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The privacy audit log: an append-only JSON Lines file with one record per routed request, chained by
 * hashes so that {@link AuditVerifier} detects any altered, removed or reordered record.
 *
 * <pre>{@code
 * try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(Path.of("audit.jsonl")))) {
 *     TandemRouter router = TandemRouter.builder().tier(local).tier(remote).listener(audit).build();
 *     router.chat(request);   // one record appended when the request completes or fails
 * }
 * }</pre>
 *
 * <p>A record holds the time, the request id, the tenant, the decision (target, route, fallbacks), the
 * tier that served, the reasons (rule names and explanations, scanned for personal data before they
 * are written), entity types and counts, what was redacted for which remote tier, fallbacks, attempts
 * with error types (never error messages), and <b>salted SHA-256 hashes</b> of each message and of the
 * answer instead of their text. The salt is random per log and stored in every file's header record,
 * so that whoever holds a text can prove it was (or was not) the one sent; the log alone never yields it.
 * Docs: {@code docs/observability.md}.
 *
 * <p>Registered as a listener of a {@code TandemRouter}, the log also receives each request's text from
 * the router, which it hashes at once and never keeps. Registered elsewhere, records have no content
 * hashes.
 *
 * <p><b>One record per request.</b> Whatever ends a request the router routes (an answer, a {@code
 * TandemException}, any other exception from a tier, a cancelled stream), exactly one record is written
 * and the request's pending entry is freed; events that arrive for a request already recorded are
 * dropped.
 *
 * <p><b>Failures are surfaced.</b> A record that cannot be written, or a full file that cannot be rotated,
 * is reported as an {@link AuditFailureEvent} to {@link #onFailure}'s consumer (the router passes it to
 * its listeners, where {@code TandemMetrics} counts it), and {@link #status()} turns unwritable (health
 * DOWN). A failed rotation reopens the live file, so records go on past the size limit rather than being
 * lost; the next record tries the rotation again. With {@link AuditConfig#refuseWhenUnwritable()} the
 * router refuses requests while records cannot be written.
 *
 * <p><b>Truncation and re-sealing.</b> After every record the chain's head (seq and hash) is written to
 * {@link AuditConfig#checkpointFile()}; {@link AuditVerifier} reports a log that ends before it
 * (truncated) or whose record at that seq has another hash (rewritten and re-sealed). With {@link
 * AuditConfig#hmacKey()} the chain is an HMAC, so it cannot be re-sealed without the key at all.
 *
 * <p>Opening an existing log continues its chain. The file is locked while open: one writer per log;
 * {@link #close()} releases it. Thread-safe; records are written in the order requests end.
 */
public final class AuditLog implements TandemListener, AutoCloseable {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SALT_BYTES = 16;
    private static final int RECENTLY_RECORDED = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final AuditConfig config;
    private final String logId;
    private final byte[] salt;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final byte @Nullable [] key;
    // Ids of requests already recorded, so a late event (a tier's error after a cancel) adds no second record.
    private final Set<String> recorded = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENTLY_RECORDED;
        }
    });
    private volatile Consumer<AuditFailureEvent> failures = event -> {};
    private volatile boolean writable = true;
    private volatile boolean rotationFailing;
    private final AtomicLong failureCount = new AtomicLong();

    private FileChannel channel;
    private FileLock lock;
    private long size;
    private String lastHash;
    private long seq;
    private boolean closed;

    private AuditLog(AuditConfig config, String logId, byte[] salt, String lastHash, long seq) {
        this.config = config;
        this.logId = logId;
        this.salt = salt.clone();
        this.lastHash = lastHash;
        this.seq = seq;
        this.key = config.hmacKeyOrNull();
    }

    /**
     * Opens the log at {@code config.file()}, creating it with a fresh salt, or continuing the chain of
     * the records already there.
     *
     * @throws IllegalStateException when the existing file ends with a broken record, or another process
     *     holds the log
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public static AuditLog open(AuditConfig config) {
        requireNonNull(config, "config");
        Path file = config.file();
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            Optional<Resume> resume = resumeFrom(file, config.hmacKeyOrNull());
            AuditLog log;
            if (resume.isPresent()) {
                Resume r = resume.get();
                log = new AuditLog(config, r.logId, r.salt, r.lastHash, r.seq);
            } else {
                byte[] salt = new byte[SALT_BYTES];
                new SecureRandom().nextBytes(salt);
                log = new AuditLog(config, UUID.randomUUID().toString(), salt, AuditChain.GENESIS, -1);
            }
            log.openChannel();
            if (log.size == 0) {
                log.writeHeader();
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    public AuditConfig config() {
        return config;
    }

    /** The random id of this log, the same in every file's header. */
    public String logId() {
        return logId;
    }

    /**
     * Hashes the request's messages with this log's salt and keeps only the hashes and the tenant until
     * the request's record is written. The router calls this before it assesses the request.
     */
    public void requestReceived(TandemRequest request) {
        List<String> hashes = new ArrayList<>(request.messages().size());
        for (ChatMessage message : request.messages()) {
            hashes.add(AuditChain.saltedHash(salt, MessageText.of(message)));
        }
        Pending entry = pending(request.id());
        entry.tenant = request.caller().tenant().orElse(null);
        entry.messageHashes = hashes;
    }

    /** Where write and rotation failures go; the router passes them to its listeners. */
    public void onFailure(Consumer<AuditFailureEvent> consumer) {
        this.failures = requireNonNull(consumer, "consumer");
    }

    /** Whether records are being written, and how many writes or rotations failed so far. */
    public record Status(boolean writable, boolean rotationFailing, long failures) {}

    public Status status() {
        return new Status(writable, rotationFailing, failureCount.get());
    }

    /**
     * When the last write failed, tries to open the file again (the disk may have been freed, the folder
     * put back); returns whether records can be written now. The router calls it before refusing a request.
     */
    public synchronized boolean probe() {
        if (writable || closed) {
            return writable;
        }
        try {
            ensureOpen();
            channel.force(false);
            writeCheckpoint();
            writable = true;
        } catch (IOException | RuntimeException e) {
            LOG.debug(
                    "The audit log {} is still not writable ({})",
                    config.file(),
                    e.getClass().getSimpleName());
        }
        return writable;
    }

    /**
     * Records a request the router saw end otherwise than by a completed or failed event: a stream the
     * caller cancelled ({@code "cancelled"}), or an exception outside the Tandem tree ({@code "failed"},
     * with its type). Does nothing if the request was already recorded.
     */
    public void ended(String requestId, String status, @Nullable String errorType) {
        Pending entry = pending.remove(requestId);
        if (entry == null) {
            return;
        }
        ObjectNode node = record(requestId, config.clock().instant(), entry, null, null);
        node.put("status", status);
        node.put("error", errorType);
        append(requestId, node);
    }

    /** Hashes the answer's text with this log's salt; the router calls this before the request completes. */
    public void answered(String requestId, @Nullable String answer) {
        pending(requestId).answerHash = answer == null ? null : AuditChain.saltedHash(salt, answer);
    }

    @Override
    public void onDecision(DecisionEvent event) {
        Pending entry = pending(event.requestId());
        entry.decision = event.decision();
        entry.entities = new TreeMap<>();
        event.assessment().privacy().countsByType().forEach((type, count) -> entry.entities.put(type.name(), count));
    }

    @Override
    public void onRedaction(RedactionEvent event) {
        pending(event.requestId()).redactions.add(event);
    }

    @Override
    public void onFallback(FallbackEvent event) {
        pending(event.requestId()).fallbacks.add(event);
    }

    @Override
    public void onEscalation(EscalationEvent event) {
        pending(event.requestId()).escalations.add(event);
    }

    @Override
    public void onCompleted(CompletedEvent event) {
        Pending entry = removePending(event.requestId());
        if (entry == null) {
            return;
        }
        entry.decision = event.decision();
        append(event.requestId(), record(event.requestId(), event.timestamp(), entry, event.outcome(), null));
    }

    @Override
    public void onFailed(FailedEvent event) {
        Pending entry = removePending(event.requestId());
        if (entry == null) {
            return;
        }
        append(event.requestId(), record(event.requestId(), event.timestamp(), entry, null, event.exception()));
    }

    /**
     * Marks the switch to another policy in the chain ({@code type: policy}: its name, rule count and the
     * difficulty calibration it brings), so reports can show on their timeline what changed when. The
     * router calls this on the first request under a policy a watcher swapped in.
     */
    public void onPolicySwitch(Instant time, String policyName, int rules, String calibration) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "policy");
        node.put("time", time.toString());
        node.put("policy", policyName);
        node.put("rules", rules);
        node.put("calibration", calibration);
        appendRecord(node);
    }

    /**
     * Records a call shadow mode made ({@code type: shadow}), so that the requests-sent export lists every
     * copy of a request that left the machine and the report can count agreements. Never any text.
     */
    public void onShadowCall(AuditRecords.ShadowCall call) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "shadow");
        node.put("time", call.time().toString());
        node.put("request_id", call.requestId());
        node.put("tenant", call.tenant().orElse(null));
        node.put("purpose", call.purpose());
        node.put("tier", call.tier());
        node.put("model", call.model().orElse(null));
        node.put("answered", call.answered());
        if (call.agreed().isPresent()) {
            node.put("agreed", call.agreed().get());
        } else {
            node.putNull("agreed");
        }
        appendRecord(node);
    }

    /**
     * Closes the file and releases its lock, so another log (in this process or another) may open it;
     * records of requests still in flight are not written. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        try {
            if (channel != null && channel.isOpen()) {
                lock.release();
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit log " + config.file(), e);
        }
    }

    @Override
    public String toString() {
        return "AuditLog[" + config.file() + ", log " + logId + "]";
    }

    private Pending pending(String requestId) {
        return pending.computeIfAbsent(requestId, id -> new Pending());
    }

    /** The request's entry, or a fresh one for a log that never saw it start; null if already recorded. */
    private @Nullable Pending removePending(String requestId) {
        Pending entry = pending.remove(requestId);
        if (entry != null) {
            return entry;
        }
        synchronized (recorded) {
            return recorded.contains(requestId) ? null : new Pending();
        }
    }

    private ObjectNode record(
            String requestId,
            Instant time,
            Pending entry,
            @Nullable Outcome outcome,
            dev.tandem.core.exception.@Nullable TandemException error) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "request");
        node.put("time", time.toString());
        node.put("request_id", requestId);
        if (entry.tenant == null) {
            node.putNull("tenant");
        } else {
            node.put("tenant", entry.tenant);
        }
        node.put("status", outcome == null ? (entry.decision == null ? "rejected" : "failed") : "completed");
        Decision decision = entry.decision;
        if (decision == null) {
            node.putNull("decision");
        } else {
            ObjectNode d = node.putObject("decision");
            d.put("target", decision.tier());
            d.put("route", decision.locality().wireName());
            ArrayNode fallbacks = d.putArray("fallbacks");
            decision.fallbacks().forEach(fallbacks::add);
            d.put("remote_allowed", decision.remoteAllowed());
        }
        if (outcome == null) {
            node.putNull("tier");
            node.putNull("locality");
            node.putNull("model");
        } else {
            node.put("tier", outcome.tier());
            node.put("locality", outcome.locality().wireName());
            node.put("model", outcome.model());
        }
        ArrayNode reasons = node.putArray("reasons");
        if (decision != null) {
            for (Reason reason : decision.reasons()) {
                ObjectNode r = reasons.addObject();
                r.put("rule", reason.rule());
                r.put("explanation", scrub(reason.explanation()));
            }
        }
        ObjectNode entities = node.putObject("entities");
        entry.entities.forEach(entities::put);
        ArrayNode redactions = node.putArray("redactions");
        for (RedactionEvent redaction : entry.redactions) {
            ObjectNode r = redactions.addObject();
            r.put("tier", redaction.tier());
            ObjectNode counts = r.putObject("counts");
            redaction.counts().forEach((type, count) -> counts.put(type.name(), count));
        }
        ArrayNode fallbacks = node.putArray("fallbacks");
        for (FallbackEvent fallback : entry.fallbacks) {
            fallbacks
                    .addObject()
                    .put("from", fallback.fromTier())
                    .put("to", fallback.toTier())
                    .put("error", fallback.failureType());
        }
        ArrayNode escalations = node.putArray("escalations");
        for (EscalationEvent escalation : entry.escalations) {
            escalations
                    .addObject()
                    .put("from", escalation.fromTier())
                    .put("to", escalation.toTier())
                    .put("confidence", escalation.confidence())
                    .put("min_confidence", escalation.minConfidence());
        }
        List<Attempt> attempts = outcome != null
                ? outcome.attempts()
                : error instanceof NoRouteAvailableException noRoute ? noRoute.attempts() : List.of();
        ArrayNode attemptArray = node.putArray("attempts");
        for (Attempt attempt : attempts) {
            ObjectNode a = attemptArray.addObject();
            a.put("tier", attempt.tier());
            a.put("locality", attempt.locality().wireName());
            a.put("status", attempt.status().wireName());
            a.put("error", attempt.failure().map(Failure::type).orElse(null));
            a.put("latency_ms", attempt.latency().toMillis());
            a.put("tokens_in", attempt.tokens().input());
            a.put("tokens_out", attempt.tokens().output());
            a.put("redacted", attempt.redacted());
        }
        node.put("error", error == null ? null : error.getClass().getSimpleName());
        if (outcome == null) {
            node.putNull("latency_ms");
        } else {
            node.put("latency_ms", outcome.latency().toMillis());
        }
        ObjectNode tokens = node.putObject("tokens");
        tokens.put("in", outcome == null ? 0 : outcome.tokens().input());
        tokens.put("out", outcome == null ? 0 : outcome.tokens().output());
        ObjectNode content = node.putObject("content");
        ArrayNode messages = content.putArray("messages");
        entry.messageHashes.forEach(messages::add);
        content.put("answer", entry.answerHash);
        return node;
    }

    /** Reason explanations name types, counts and scores; this guards against a rule that quotes text. */
    private String scrub(String explanation) {
        List<EntitySpan> spans = config.explanationScanner().scan(explanation);
        if (spans.isEmpty()) {
            return explanation;
        }
        StringBuilder out = new StringBuilder(explanation.length());
        int cursor = 0;
        for (EntitySpan span : spans) {
            out.append(explanation, cursor, span.start())
                    .append('<')
                    .append(span.type())
                    .append('>');
            cursor = span.end();
        }
        return out.append(explanation, cursor, explanation.length()).toString();
    }

    private void append(String requestId, ObjectNode record) {
        synchronized (recorded) {
            if (!recorded.add(requestId)) {
                return;
            }
        }
        appendRecord(record);
    }

    private synchronized void appendRecord(ObjectNode record) {
        if (closed) {
            throw new IllegalStateException("the audit log " + config.file() + " is closed");
        }
        try {
            ensureOpen();
            byte[] line = seal(record, seq + 1, lastHash);
            if (size + line.length > config.maxBytes()) {
                rotate();
                line = seal(record, seq + 1, lastHash);
            }
            write(line);
            writable = true;
        } catch (IOException | RuntimeException e) {
            writable = false;
            failed(AuditFailureEvent.Kind.WRITE, e);
        }
    }

    private void failed(AuditFailureEvent.Kind kind, Exception e) {
        failureCount.incrementAndGet();
        // The type only: an I/O message names paths, and nothing about a request belongs in the log line.
        LOG.error(
                "The audit log {} failed ({}: {}); {}",
                config.file(),
                kind,
                e.getClass().getSimpleName(),
                kind == AuditFailureEvent.Kind.WRITE
                        ? "this request has no audit record"
                        : "records go on into the live file past its size limit");
        try {
            failures.accept(new AuditFailureEvent(
                    config.clock().instant(),
                    config.file().toString(),
                    kind,
                    e.getClass().getSimpleName()));
        } catch (RuntimeException listenerError) {
            LOG.warn(
                    "The audit failure consumer threw {}",
                    listenerError.getClass().getName());
        }
    }

    /** After a failed rotation or write the channel may be closed: reopen the live file first. */
    private void ensureOpen() throws IOException {
        if (channel == null || !channel.isOpen()) {
            openChannel();
            if (size == 0) {
                writeHeader();
            }
        }
    }

    /** Sets {@code seq} and {@code prev}, appends {@code hash}; returns the line with its newline. */
    private byte[] seal(ObjectNode record, long recordSeq, String prev) {
        ObjectNode ordered = JSON.createObjectNode();
        ordered.put("type", record.get("type").asText());
        ordered.put("seq", recordSeq);
        record.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("type")) {
                ordered.set(field.getKey(), field.getValue());
            }
        });
        ordered.put("prev", prev);
        String line = AuditChain.seal(toJson(ordered), key);
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void write(byte[] line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        size += line.length;
        seq++;
        String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        lastHash = requireNonNull(AuditChain.declaredHash(text));
        writeCheckpoint();
    }

    /** The chain's head, replaced atomically, so that a log cut short is told from a short log. */
    private void writeCheckpoint() throws IOException {
        ObjectNode checkpoint = JSON.createObjectNode();
        checkpoint.put("log_id", logId);
        checkpoint.put("seq", seq);
        checkpoint.put("hash", lastHash);
        Path target = config.checkpointFile();
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, toJson(checkpoint) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void writeHeader() throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.put("type", "header");
        header.put("version", VERSION);
        header.put("time", config.clock().instant().toString());
        header.put("log_id", logId);
        header.put("salt", Base64.getEncoder().encodeToString(salt));
        header.put("content_hash", "sha-256(salt || utf-8 text), hex");
        header.put(
                "chain_hash",
                key == null
                        ? "sha-256 of the line without its hash field, hex"
                        : "hmac-sha-256 of the line without its hash field, hex");
        write(seal(header, seq + 1, lastHash));
    }

    /**
     * FILE.keep is dropped, FILE.n becomes FILE.n+1, FILE becomes FILE.1, and a new FILE starts. When a
     * move fails the live file is opened again and records go on there; the failure is reported, and the
     * next record tries again.
     */
    private void rotate() throws IOException {
        lock.release();
        channel.close();
        try {
            moveAside();
        } catch (IOException e) {
            rotationFailing = true;
            failed(AuditFailureEvent.Kind.ROTATION, e);
            openChannel();
            if (size == 0) {
                writeHeader();
            }
            return;
        }
        rotationFailing = false;
        openChannel();
        writeHeader();
    }

    private void moveAside() throws IOException {
        Path file = config.file();
        int keep = config.keep();
        if (keep == 0) {
            Files.delete(file);
        } else {
            Files.deleteIfExists(AuditChain.rotated(file, keep));
            for (int n = keep - 1; n >= 1; n--) {
                Path from = AuditChain.rotated(file, n);
                if (Files.exists(from)) {
                    Files.move(from, AuditChain.rotated(file, n + 1), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(file, AuditChain.rotated(file, 1), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void openChannel() throws IOException {
        channel = FileChannel.open(
                config.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the audit log " + config.file()
                    + " is open in another process; a log has one writer at a time, so use another file");
        }
        size = channel.size();
    }

    private static String toJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always serialises", e);
        }
    }

    /** Where an existing log left off: its id, salt, last hash and last sequence number. */
    private record Resume(String logId, byte[] salt, String lastHash, long seq) {}

    private static Optional<Resume> resumeFrom(Path file, byte @Nullable [] key) throws IOException {
        Path source = file;
        if (!Files.exists(file) || Files.size(file) == 0) {
            Path newest = AuditChain.rotated(file, 1);
            if (!Files.exists(newest) || Files.size(newest) == 0) {
                return Optional.empty();
            }
            source = newest;
        }
        byte[] bytes = Files.readAllBytes(source);
        if (bytes[bytes.length - 1] != '\n') {
            throw new IllegalStateException("the audit log " + source
                    + " ends with an incomplete record (was a write interrupted?); run `tandem audit verify "
                    + file + "` and move the file away before writing to it again");
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        String first = lines[0];
        String last = lines[lines.length - 1];
        String lastHash = AuditChain.declaredHash(last);
        if (lastHash == null || !lastHash.equals(AuditChain.actualHash(last, key))) {
            throw new IllegalStateException("the last record of the audit log " + source
                    + " does not match its hash" + (key == null ? "" : " under the configured HMAC key")
                    + "; run `tandem audit verify " + file + "` and move the file away before writing to it"
                    + " again");
        }
        JsonNode header = JSON.readTree(first);
        JsonNode tail = JSON.readTree(last);
        if (!"header".equals(header.path("type").asText())
                || header.path("version").asInt() != VERSION) {
            throw new IllegalStateException("the audit log " + source + " does not start with a version " + VERSION
                    + " header record; write to another file");
        }
        return Optional.of(new Resume(
                header.path("log_id").asText(),
                Base64.getDecoder().decode(header.path("salt").asText()),
                lastHash,
                tail.path("seq").asLong()));
    }

    /** What the log knows about a request in flight: types, counts, names and hashes, never text. */
    private static final class Pending {
        private @Nullable String tenant;
        private List<String> messageHashes = List.of();
        private @Nullable String answerHash;
        private @Nullable Decision decision;
        private Map<String, Integer> entities = new TreeMap<>();
        private final List<RedactionEvent> redactions = new ArrayList<>();
        private final List<FallbackEvent> fallbacks = new ArrayList<>();
        private final List<EscalationEvent> escalations = new ArrayList<>();
    }
}
