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

    /** True when an earlier tier was tried and failed before this one answered. */
    public boolean degraded() {
        return attempts.stream().anyMatch(attempt -> attempt.status() == AttemptStatus.FAILED);
    }
}
