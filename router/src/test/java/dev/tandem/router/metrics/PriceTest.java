package dev.tandem.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

class PriceTest {

    @Test
    void pricesComeFromThePolicysTierSpecs() {
        var policy = PolicyLoader.parse("""
                name: priced
                tiers:
                  local: {locality: local}
                  remote: {locality: remote, input-price-per-million: 0.15, output-price-per-million: 0.60}
                rules: []
                default: {route: {tier: local}}
                """, "priced.yaml");

        var prices = Price.forTiers(policy);

        assertThat(prices)
                .containsExactly(
                        java.util.Map.entry("local", Price.free()),
                        java.util.Map.entry("remote", Price.perMillion(0.15, 0.60)));
        assertThat(prices.get("remote").cost(1_000_000, 1_000_000)).isEqualTo(0.75);
    }
}
