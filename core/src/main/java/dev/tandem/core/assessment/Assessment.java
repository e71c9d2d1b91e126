package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

/** Everything the assess stage learned about a request; the decide stage reads only this. */
public record Assessment(PrivacyAssessment privacy, Difficulty difficulty, Language language, TokenEstimate tokens) {

    public Assessment {
        requireNonNull(privacy, "privacy");
        requireNonNull(difficulty, "difficulty");
        requireNonNull(language, "language");
        requireNonNull(tokens, "tokens");
    }
}
