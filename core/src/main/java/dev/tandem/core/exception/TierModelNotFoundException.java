package dev.tandem.core.exception;

import org.jspecify.annotations.Nullable;

/** The tier does not serve the configured model, or its endpoint does not exist (HTTP 404). */
public class TierModelNotFoundException extends NonRetriableTierException {

    private static final long serialVersionUID = 1L;

    public TierModelNotFoundException(String tier, String message, @Nullable Throwable cause) {
        super(tier, message, cause);
    }
}
