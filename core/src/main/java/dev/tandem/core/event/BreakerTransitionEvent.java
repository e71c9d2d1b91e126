package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * A tier's circuit breaker changed state. Not tied to one request: it comes from the thread that made
 * the breaker trip or recover, between or during requests.
 *
 * <p>Emitted by the remote tiers' circuit breakers ({@code dev.tandem.router.resilience}).
 *
 * @param tier the tier the breaker guards
 * @param from the state before
 * @param to the state now
 */
public record BreakerTransitionEvent(Instant timestamp, String tier, State from, State to) {

    public BreakerTransitionEvent {
        requireNonNull(timestamp, "timestamp");
        requireNonNull(tier, "tier");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        if (from == to) {
            throw new IllegalArgumentException("a transition must change the state, but both are " + from);
        }
    }

    /** A circuit breaker's state. */
    public enum State {
        /** Calls go through. */
        CLOSED,
        /** Calls are refused without trying the tier. */
        OPEN,
        /** A few trial calls go through to see whether the tier recovered. */
        HALF_OPEN;

        /** The lower-case name used in metrics and JSON, such as {@code half_open}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
