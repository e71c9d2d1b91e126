package dev.tandem.local;

import dev.tandem.core.exception.TierUnavailableException;

/**
 * A local model cannot load within its {@link ModelMemoryBudget}: it is larger than the whole cap, or the
 * models in use leave no room for it now. A router then tries the request's next tier (another model of
 * the group, or a remote tier), as for any unavailable tier.
 */
public final class ModelMemoryException extends TierUnavailableException {

    private static final long serialVersionUID = 1L;

    private final boolean transientShortage;

    ModelMemoryException(String tier, String message, boolean transientShortage) {
        super(tier, message, null);
        this.transientShortage = transientShortage;
    }

    /** Whether the model would fit once the models in use finish (false: it is larger than the cap). */
    public boolean transientShortage() {
        return transientShortage;
    }
}
