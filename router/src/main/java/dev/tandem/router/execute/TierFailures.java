package dev.tandem.router.execute;

import dev.tandem.core.exception.TierException;
import dev.tandem.router.resilience.TierErrors;

/** Translates whatever a tier's {@code ChatModel} threw into Tandem's exception tree; see {@link TierErrors}. */
final class TierFailures {

    private TierFailures() {}

    static TierException translate(String tier, RuntimeException error) {
        return TierErrors.translate(tier, error);
    }
}
