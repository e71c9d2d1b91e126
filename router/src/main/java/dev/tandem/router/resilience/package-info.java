/**
 * Resilience around every tier: timeouts (connect, first token, total), retries with exponential backoff
 * and jitter that honour {@code Retry-After}, a circuit breaker per remote endpoint, a bulkhead per local
 * model and rate limits on requests and tokens. Start at {@link dev.tandem.router.resilience.Resilience}
 * and {@link dev.tandem.router.resilience.ResilienceConfig}; docs/failure-handling.md is the guide.
 */
@NullMarked
package dev.tandem.router.resilience;

import org.jspecify.annotations.NullMarked;
