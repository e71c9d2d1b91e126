package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A tier failed and the execute stage moves on to the next candidate of the decision. Emitted after the
 * failed tier's {@link AttemptEvent} and before any event of the next tier.
 *
 * @param fromTier the tier that failed
 * @param toTier the tier tried next (it may still be skipped, which its own attempt event says)
 * @param failureType why {@code fromTier} failed: the exception's simple name, such as {@code
 *     TierTimeoutException}; a bounded set, fit for a metric tag
 */
public record FallbackEvent(String requestId, Instant timestamp, String fromTier, String toTier, String failureType)
        implements TandemEvent {

    public FallbackEvent {
        requireNonNull(requestId, "requestId");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(fromTier, "fromTier");
        requireNonNull(toTier, "toTier");
        requireNonNull(failureType, "failureType");
    }
}
