package dev.tandem.router.assess;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import java.util.Map;

/**
 * What the assess stage measures for a policy that routes among specialised local models: the natural
 * language ({@link LanguageDetection}) and each chosen-by-tax tier's token tax ({@link LocalTokenTax}).
 * A policy that needs neither costs nothing per request.
 */
public record SpecialistSignals(LanguageDetection languages, LocalTokenTax tokenTax) {

    private static final SpecialistSignals NONE = new SpecialistSignals(LanguageDetection.none(), LocalTokenTax.none());

    public SpecialistSignals {
        requireNonNull(languages, "languages");
        requireNonNull(tokenTax, "tokenTax");
    }

    public static SpecialistSignals none() {
        return NONE;
    }

    /** The signals {@code policy} needs, measured with the configured {@code tiers}' tokenizers. */
    public static SpecialistSignals forPolicy(Policy policy, Map<String, Tier> tiers) {
        return new SpecialistSignals(LanguageDetection.forPolicy(policy), LocalTokenTax.forPolicy(policy, tiers));
    }
}
