package dev.tandem.core.exception;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The tier refused the call for now (HTTP 429), possibly saying when to come back. */
public class RateLimitedException extends RetriableTierException {

    private static final long serialVersionUID = 1L;

    private final @Nullable Duration retryAfter;

    public RateLimitedException(String tier, String message, @Nullable Duration retryAfter) {
        super(tier, message, null);
        this.retryAfter = retryAfter;
    }

    /** The wait the tier asked for with {@code Retry-After}, if it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
