package dev.tandem.policy.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budget counters in this process's memory: the default. Counters of different instances are not
 * shared; use {@link RedisBudgetStore} when many instances must share one budget. Expired periods are
 * dropped as new ones are counted. Thread-safe.
 */
public final class InMemoryBudgetStore implements BudgetStore {

    private record Entry(Usage usage, Instant expiresAt) {}

    private final ConcurrentHashMap<String, Entry> counters = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryBudgetStore(Clock clock) {
        this.clock = clock;
    }

    public InMemoryBudgetStore() {
        this(Clock.systemUTC());
    }

    @Override
    public Usage get(String key) {
        Entry entry = counters.get(key);
        return entry == null || !clock.instant().isBefore(entry.expiresAt()) ? Usage.zero() : entry.usage();
    }

    @Override
    public Usage add(String key, Usage delta, Duration ttl) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        Entry updated = counters.compute(
                key,
                (k, old) -> old == null || !now.isBefore(old.expiresAt())
                        ? new Entry(delta, expiresAt)
                        : new Entry(old.usage().plus(delta), expiresAt));
        if (counters.size() > 10_000) {
            counters.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
        }
        return updated.usage();
    }
}
