package dev.tandem.core.exception;

import org.jspecify.annotations.Nullable;

/** A tier failure that may go away: a timeout, a rate limit, an overloaded or unreachable server. */
public non-sealed class RetriableTierException extends TierException {

    private static final long serialVersionUID = 1L;

    public RetriableTierException(String tier, String message, @Nullable Throwable cause) {
        super(tier, message, cause);
    }

    @Override
    public final boolean isRetriable() {
        return true;
    }
}
