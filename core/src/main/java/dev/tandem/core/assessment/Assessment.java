package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the assess stage learned about a request; the decide stage reads only this.
 *
 * @param tokenTax the prompt's length in each local tier's own tokens and that tokenizer's tax, by tier
 *     name, for the tiers a policy chooses among by token tax (empty otherwise)
 */
public record Assessment(
        PrivacyAssessment privacy,
        Difficulty difficulty,
        Language language,
        TokenEstimate tokens,
        Map<String, TokenTax> tokenTax) {

    public Assessment {
        requireNonNull(privacy, "privacy");
        requireNonNull(difficulty, "difficulty");
        requireNonNull(language, "language");
        requireNonNull(tokens, "tokens");
        tokenTax = Collections.unmodifiableMap(new LinkedHashMap<>(tokenTax));
    }

    /** An assessment that measured no local tier's token tax. */
    public Assessment(PrivacyAssessment privacy, Difficulty difficulty, Language language, TokenEstimate tokens) {
        this(privacy, difficulty, language, tokens, Map.of());
    }
}
