package dev.tandem.core.exception;

import org.jspecify.annotations.Nullable;

/** The tier rejected the request itself (HTTP 400, 413, 422), for example as too long for its context. */
public class TierRequestRejectedException extends NonRetriableTierException {

    private static final long serialVersionUID = 1L;

    public TierRequestRejectedException(String tier, String message, @Nullable Throwable cause) {
        super(tier, message, cause);
    }
}
