package dev.tandem.router.resilience;

/**
 * A failure raised by the resilience layer <em>instead of</em> calling the tier: an open circuit
 * breaker, a full bulkhead, a rate limit. The tier saw nothing; the execute stage records the attempt as
 * skipped and moves on to the next candidate without retrying.
 */
public sealed interface ResilienceRefusal
        permits CircuitOpenException, TierSaturatedException, RateLimitExceededException {}
