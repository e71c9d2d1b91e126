package dev.tandem.router.resilience;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.event.BreakerTransitionEvent;
import dev.tandem.core.spi.TierHealth;
import dev.tandem.core.tier.Tier;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The guards of every tier of one router, built from {@link ResilienceSettings}: one {@link
 * TierResilience} per tier, and the {@link TierHealth} that the decide stage reads from the breakers.
 * Thread-safe.
 */
public final class Resilience {

    private final Map<String, TierResilience> tiers;
    private final ResilienceSettings settings;

    private Resilience(Map<String, TierResilience> tiers, ResilienceSettings settings) {
        this.tiers = Map.copyOf(tiers);
        this.settings = settings;
    }

    /**
     * @param transitions receives every breaker state change (the router passes its listeners)
     */
    public static Resilience create(
            ResilienceSettings settings,
            Map<String, Tier> tiers,
            Clock clock,
            Consumer<BreakerTransitionEvent> transitions) {
        requireNonNull(settings, "settings");
        requireNonNull(clock, "clock");
        requireNonNull(transitions, "transitions");
        Map<String, TierResilience> guards = new LinkedHashMap<>();
        for (Tier tier : tiers.values()) {
            guards.put(
                    tier.name(),
                    new TierResilience(
                            tier,
                            settings.configFor(tier),
                            clock,
                            settings.sleeper(),
                            settings.random(),
                            settings.callExecutor(),
                            transitions));
        }
        return new Resilience(guards, settings);
    }

    /**
     * @throws IllegalArgumentException for a tier this router does not have
     */
    public TierResilience forTier(String tier) {
        TierResilience guard = tiers.get(tier);
        if (guard == null) {
            throw new IllegalArgumentException("no tier '" + tier + "'; known: " + tiers.keySet());
        }
        return guard;
    }

    /** Healthy unless the tier's breaker is open and still waiting; for {@code tier-unhealthy} rules. */
    public TierHealth health() {
        return tier -> {
            TierResilience guard = tiers.get(tier);
            return guard == null || guard.isHealthy();
        };
    }

    public ResilienceSettings settings() {
        return settings;
    }
}
