package dev.tandem.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * A tier failure that repeating the call cannot fix: bad credentials, an unknown model, a request the
 * tier rejects. Another tier may still succeed.
 */
public non-sealed class NonRetriableTierException extends TierException {

    private static final long serialVersionUID = 1L;

    public NonRetriableTierException(String tier, String message, @Nullable Throwable cause) {
        super(tier, message, cause);
    }

    @Override
    public final boolean isRetriable() {
        return false;
    }
}
