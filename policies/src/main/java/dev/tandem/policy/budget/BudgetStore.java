package dev.tandem.policy.budget;

import java.time.Duration;

/**
 * Where budget counters live: {@link InMemoryBudgetStore} for one process, {@link RedisBudgetStore} for
 * a fleet. Keys name a budget, a tenant and a period; the store only counts.
 *
 * <p>Implementations must be thread-safe, and {@link #add} must be atomic: concurrent adds from any
 * number of processes never lose an update. When the backing service cannot be reached, both methods
 * throw {@link BudgetStoreUnavailableException}, and the caller applies the budget's fail-open or
 * fail-closed behaviour.
 */
public interface BudgetStore extends AutoCloseable {

    /** The usage counted under {@code key}; zero when nothing was counted yet. */
    Usage get(String key);

    /**
     * Adds {@code delta} to the counters under {@code key} atomically and returns the new totals. The
     * counters may be forgotten {@code ttl} after this call (relative, so that clock skew between this
     * process and a shared store does not matter).
     */
    Usage add(String key, Usage delta, Duration ttl);

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {}
}
