package dev.tandem.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * The tier could not be reached or failed on its side: a refused or reset connection, HTTP 5xx, or an
 * answer that could not be read.
 */
public class TierUnavailableException extends RetriableTierException {

    private static final long serialVersionUID = 1L;

    public TierUnavailableException(String tier, String message, @Nullable Throwable cause) {
        super(tier, message, cause);
    }
}
