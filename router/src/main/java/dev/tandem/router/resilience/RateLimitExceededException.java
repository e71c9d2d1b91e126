package dev.tandem.router.resilience;

import dev.tandem.core.exception.RateLimitedException;

/**
 * This router's own rate limit for the tier (requests or tokens per minute) is used up, so the tier was
 * not called. Retriable once the minute rolls over; the execute stage moves on to the next candidate.
 */
public final class RateLimitExceededException extends RateLimitedException implements ResilienceRefusal {

    private static final long serialVersionUID = 1L;

    RateLimitExceededException(String tier, String what, long limit) {
        super(
                tier,
                "tier '" + tier + "' was not called: the configured limit of " + limit + " " + what
                        + " per minute is used up. Raise requestsPerMinute/tokensPerMinute or spread the load.",
                null);
    }
}
