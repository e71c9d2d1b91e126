package dev.tandem.policy.budget;

import dev.tandem.policy.BudgetSettings;
import java.time.Duration;

/** Opens the {@link BudgetStore} a policy's {@code budgets.store} names. */
public final class BudgetStores {

    /** How long a Redis call may take before the budget's fail-open/closed behaviour applies. */
    public static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);

    private BudgetStores() {}

    /**
     * A new in-memory store, or a Redis store (connected lazily, calls timing out after {@link
     * #REDIS_TIMEOUT}) at the settings' URL. The caller closes it.
     */
    public static BudgetStore forSettings(BudgetSettings settings) {
        if (settings.store() == BudgetSettings.StoreType.REDIS) {
            return RedisBudgetStore.connect(settings.redisUrl().orElseThrow().reveal(), REDIS_TIMEOUT);
        }
        return new InMemoryBudgetStore();
    }
}
