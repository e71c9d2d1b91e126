package dev.tandem.core.exception;

import org.jspecify.annotations.Nullable;

/** The tier rejected the credentials (HTTP 401) or the caller may not use it (HTTP 403). */
public class TierAuthenticationException extends NonRetriableTierException {

    private static final long serialVersionUID = 1L;

    public TierAuthenticationException(String tier, String message, @Nullable Throwable cause) {
        super(tier, message, cause);
    }
}
