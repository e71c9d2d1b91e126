package dev.tandem.core.outcome;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Locality;
import java.time.Duration;
import java.util.List;

/**
 * How a routed request ended successfully: the tier and model that answered, every attempt in order
 * (failed and skipped ones included), the end-to-end latency and the tokens of the answering attempt.
 *
 * <p>{@link #degraded()} tells whether an earlier tier failed before this one answered.
 */
public record Outcome(
        String tier, Locality locality, String model, List<Attempt> attempts, Duration latency, TokenCounts tokens) {

    public Outcome {
        requireNonNull(tier, "tier");
        requireNonNull(locality, "locality");
        requireNonNull(model, "model");
        attempts = List.copyOf(attempts);
        requireNonNull(latency, "latency");
        requireNonNull(tokens, "tokens");
    }

    /**
     * True when another tier could not serve before this one answered: it failed, or it was skipped for a
     * reason that may go away (an open circuit breaker, a full bulkhead, a rate limit). Retries that the
     * answering tier itself needed, and tiers skipped by design (a request kept local), do not count.
     */
    public boolean degraded() {
        return attempts.stream()
                .filter(attempt -> !attempt.tier().equals(tier))
                .anyMatch(attempt -> attempt.status() == AttemptStatus.FAILED
                        || (attempt.status() == AttemptStatus.SKIPPED
                                && attempt.failure().map(Failure::retriable).orElse(false)));
    }
}
