package dev.tandem.router.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One request record of an audit log, as {@link AuditReader} reads it back: what reports and tools
 * need, without the hashes. Field meanings are in {@code docs/observability.md}.
 *
 * @param status {@code completed}, {@code failed} (no tier answered) or {@code rejected} (refused
 *     before a decision)
 * @param route where the decision sent the request first: {@code local} or {@code remote}; empty when
 *     rejected
 * @param locality where it was served: {@code local} or {@code remote}; empty unless completed
 * @param model the model the serving tier reported; empty unless completed
 * @param rules the names of the decision's reasons, the deciding rule first
 */
public record AuditEntry(
        long seq,
        Instant time,
        String requestId,
        Optional<String> tenant,
        String status,
        Optional<String> target,
        Optional<String> route,
        Optional<String> tier,
        Optional<String> locality,
        Optional<String> model,
        List<String> rules,
        Map<String, Integer> entities,
        List<Redacted> redactions,
        List<Fallback> fallbacks,
        List<Escalated> escalations,
        List<AttemptEntry> attempts,
        Optional<String> error,
        OptionalLong latencyMillis,
        long tokensIn,
        long tokensOut) {

    public AuditEntry {
        requireNonNull(time, "time");
        requireNonNull(requestId, "requestId");
        rules = List.copyOf(rules);
        entities = Map.copyOf(entities);
        redactions = List.copyOf(redactions);
        fallbacks = List.copyOf(fallbacks);
        escalations = List.copyOf(escalations);
        attempts = List.copyOf(attempts);
    }

    public boolean completed() {
        return status.equals("completed");
    }

    /** The rule that decided: the first reason's rule, or {@code none} for a rejected request. */
    public String decidingRule() {
        return rules.isEmpty() ? "none" : rules.get(0);
    }

    /**
     * Whether any of the request left the machine: a remote tier was called (answered or failed), or a
     * remote tier served it. Skipped remote attempts sent nothing.
     */
    public boolean leftMachine() {
        return locality.orElse("").equals("remote")
                || attempts.stream()
                        .anyMatch(a ->
                                a.locality().equals("remote") && !a.status().equals("skipped"));
    }

    /** Entities replaced before a remote tier saw the request. */
    public record Redacted(String tier, Map<String, Integer> counts) {
        public Redacted {
            counts = Map.copyOf(counts);
        }
    }

    /** A move from a failed tier to the next. */
    public record Fallback(String from, String to, String error) {}

    /** A local-first answer below the minimum confidence, escalated from one tier to another. */
    public record Escalated(String from, String to, double confidence, double minConfidence) {}

    /** One attempt; {@code error} is the failure type, never a message. */
    public record AttemptEntry(
            String tier,
            String locality,
            String status,
            Optional<String> error,
            long latencyMillis,
            long tokensIn,
            long tokensOut,
            boolean redacted) {}
}
