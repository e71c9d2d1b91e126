package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A local-first decision's answer was not confident enough, so the request is escalated to the
 * decision's escalation tier. Emitted after the low-confidence tier's {@link AttemptEvent} and before
 * any event of the escalation tier.
 *
 *
 * @param fromTier the tier whose answer was not kept
 * @param toTier the escalation tier
 * @param confidence the answer's confidence, in [0, 1]
 * @param minConfidence the minimum the decision asked for, in [0, 1]
 */
public record EscalationEvent(
        String requestId, Instant timestamp, String fromTier, String toTier, double confidence, double minConfidence)
        implements TandemEvent {

    public EscalationEvent {
        requireNonNull(requestId, "requestId");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(fromTier, "fromTier");
        requireNonNull(toTier, "toTier");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence " + confidence + " is outside [0, 1]");
        }
        if (!(minConfidence >= 0.0 && minConfidence <= 1.0)) {
            throw new IllegalArgumentException("minConfidence " + minConfidence + " is outside [0, 1]");
        }
    }
}
