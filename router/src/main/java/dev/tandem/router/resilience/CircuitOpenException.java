package dev.tandem.router.resilience;

import dev.tandem.core.exception.TierUnavailableException;
import java.time.Duration;

/**
 * The tier's circuit breaker is open after too many failures, so the tier was not called. Retriable: the
 * breaker lets a probe through once its open-state wait has passed.
 */
public final class CircuitOpenException extends TierUnavailableException implements ResilienceRefusal {

    private static final long serialVersionUID = 1L;

    CircuitOpenException(String tier, Duration openStateWait) {
        super(
                tier,
                "tier '" + tier + "' was not called: its circuit breaker is open after repeated failures; a probe"
                        + " goes through within " + openStateWait + ". Other tiers serve meanwhile.",
                null);
    }
}
