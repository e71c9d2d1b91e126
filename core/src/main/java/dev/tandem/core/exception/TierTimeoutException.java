package dev.tandem.core.exception;

import org.jspecify.annotations.Nullable;

/** The tier did not answer in time (HTTP 408, or a connect, read or call timeout). */
public class TierTimeoutException extends RetriableTierException {

    private static final long serialVersionUID = 1L;

    public TierTimeoutException(String tier, String message, @Nullable Throwable cause) {
        super(tier, message, cause);
    }
}
