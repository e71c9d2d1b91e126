package dev.tandem.router.metrics;

import dev.tandem.core.outcome.TokenCounts;
import dev.tandem.policy.Policy;
import dev.tandem.policy.TierSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tier costs, in US dollars per million input and output tokens, each at least 0.
 *
 * <pre>{@code
 * Price remote = Price.perMillion(0.15, 0.60);   // gpt-4o-mini list prices
 * Price local = Price.free();
 * }</pre>
 */
public record Price(double inputPerMillion, double outputPerMillion) {

    private static final Price FREE = new Price(0.0, 0.0);

    public Price {
        check("inputPerMillion", inputPerMillion);
        check("outputPerMillion", outputPerMillion);
    }

    public static Price perMillion(double input, double output) {
        return new Price(input, output);
    }

    public static Price free() {
        return FREE;
    }

    /**
     * The price of every tier a policy declares, from its {@code input-price-per-million} and {@code
     * output-price-per-million} (0 when unset), so metrics and reports cost requests as the policy does.
     */
    public static Map<String, Price> forTiers(Policy policy) {
        Map<String, Price> prices = new LinkedHashMap<>();
        for (TierSpec spec : policy.tierSpecs().values()) {
            prices.put(spec.name(), perMillion(spec.inputPricePerMillion(), spec.outputPricePerMillion()));
        }
        return prices;
    }

    /** The estimated cost of these tokens, in US dollars. */
    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
    }

    public double cost(TokenCounts tokens) {
        return cost(tokens.input(), tokens.output());
    }

    private static void check(String name, double usd) {
        if (!(usd >= 0.0) || Double.isInfinite(usd)) {
            throw new IllegalArgumentException(name + " must be a price of at least 0 US dollars, was " + usd);
        }
    }
}
