package dev.tandem.core.outcome;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Locality;
import java.time.Duration;
import java.util.Optional;

/** One try of one tier for one request, successful or not. */
public record Attempt(
        String tier,
        Locality locality,
        String model,
        AttemptStatus status,
        Optional<Failure> failure,
        Duration latency,
        TokenCounts tokens,
        boolean redacted) {

    public Attempt {
        requireNonNull(tier, "tier");
        requireNonNull(locality, "locality");
        requireNonNull(model, "model");
        requireNonNull(status, "status");
        requireNonNull(failure, "failure");
        requireNonNull(latency, "latency");
        requireNonNull(tokens, "tokens");
        if ((status == AttemptStatus.SUCCEEDED) == failure.isPresent()) {
            throw new IllegalArgumentException("an attempt has a failure exactly when it did not succeed");
        }
    }

    public static Attempt succeeded(
            String tier, Locality locality, String model, Duration latency, TokenCounts tokens, boolean redacted) {
        return new Attempt(tier, locality, model, AttemptStatus.SUCCEEDED, Optional.empty(), latency, tokens, redacted);
    }

    public static Attempt failed(
            String tier, Locality locality, String model, Failure failure, Duration latency, boolean redacted) {
        return new Attempt(
                tier,
                locality,
                model,
                AttemptStatus.FAILED,
                Optional.of(failure),
                latency,
                TokenCounts.none(),
                redacted);
    }

    public static Attempt skipped(String tier, Locality locality, String model, Failure why) {
        return new Attempt(
                tier,
                locality,
                model,
                AttemptStatus.SKIPPED,
                Optional.of(why),
                Duration.ZERO,
                TokenCounts.none(),
                false);
    }
}
