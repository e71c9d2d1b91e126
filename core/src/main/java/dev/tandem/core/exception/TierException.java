package dev.tandem.core.exception;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A tier failed to answer. Subclasses are either {@link RetriableTierException} or {@link
 * NonRetriableTierException}; each tier translates its transport or engine errors into one of them at
 * its boundary, so the router can decide whether to retry, fall back or give up.
 */
public abstract sealed class TierException extends TandemException
        permits RetriableTierException, NonRetriableTierException {

    private static final long serialVersionUID = 1L;

    private final String tier;

    protected TierException(String tier, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.tier = requireNonNull(tier, "tier");
    }

    /** The name of the tier that failed. */
    public String tier() {
        return tier;
    }
}
