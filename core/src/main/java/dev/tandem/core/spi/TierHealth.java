package dev.tandem.core.spi;

/**
 * Tells the decide stage whether a tier is currently healthy, so a policy can route around a tier that
 * is failing ({@code when: {tier-unhealthy: remote}}). The resilience layer plugs its circuit-breaker
 * state in here; without one, every tier is healthy.
 *
 * <p>Implementations must be thread-safe and fast: the decide stage calls them for every request whose
 * policy asks about health, and never blocks on them.
 */
@FunctionalInterface
public interface TierHealth {

    /** True when {@code tier} is expected to answer; unknown tiers count as healthy. */
    boolean isHealthy(String tier);

    /** Every tier is healthy: the default until a circuit breaker says otherwise. */
    static TierHealth allHealthy() {
        return tier -> true;
    }
}
