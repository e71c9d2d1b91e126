package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where budget counters live and which budgets a policy sets.
 *
 * <ul>
 *   <li>{@code store}: {@code memory} (the default; counters per process) or {@code redis} (shared by
 *       every instance, with atomic counters); Redis needs {@code redisUrl}, such as {@code
 *       redis://localhost:6379}, which is a {@link Secret} because it may hold a password.
 *   <li>{@code keyPrefix}: the prefix of every Redis key; default {@code tandem}.
 *   <li>{@code zone}: where days and months start; default UTC.
 * </ul>
 */
public record BudgetSettings(
        StoreType store, Optional<Secret> redisUrl, String keyPrefix, ZoneId zone, List<Budget> budgets) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:_-]+");
    private static final BudgetSettings NONE =
            new BudgetSettings(StoreType.MEMORY, Optional.empty(), "tandem", ZoneId.of("UTC"), List.of());

    public BudgetSettings {
        requireNonNull(store, "store");
        requireNonNull(redisUrl, "redisUrl");
        requireNonNull(keyPrefix, "keyPrefix");
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("key-prefix '" + keyPrefix + "' must match [A-Za-z0-9:_-]+");
        }
        requireNonNull(zone, "zone");
        budgets = List.copyOf(budgets);
        if (store == StoreType.REDIS && redisUrl.isEmpty()) {
            throw new IllegalArgumentException("a redis store needs a url, like redis://localhost:6379");
        }
    }

    /** No budgets, in-memory store. */
    public static BudgetSettings none() {
        return NONE;
    }

    public boolean isEmpty() {
        return budgets.isEmpty();
    }

    /** Where budget counters live. */
    public enum StoreType {
        MEMORY,
        REDIS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
