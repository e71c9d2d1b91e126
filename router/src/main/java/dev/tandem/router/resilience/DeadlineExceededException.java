package dev.tandem.router.resilience;

import dev.tandem.core.exception.TierTimeoutException;
import java.time.Instant;

/**
 * The caller's deadline ({@code CallerMetadata.deadline}) passed while the tier was working or before a
 * retry could start. No further tier is tried for the request.
 */
public final class DeadlineExceededException extends TierTimeoutException {

    private static final long serialVersionUID = 1L;

    DeadlineExceededException(String tier, Instant deadline) {
        super(
                tier,
                "tier '" + tier + "' stopped: the caller's deadline " + deadline
                        + " passed. Give the request more time or use a faster tier.",
                null);
    }
}
