package dev.tandem.router.resilience;

import dev.tandem.core.exception.RetriableTierException;

/**
 * The tier's bulkhead is full: its concurrent calls and its queue are taken, or a queued call waited
 * longer than the queue timeout. The tier was not called. Retriable; the execute stage moves on to the
 * next candidate (for a local tier: the remote one, when privacy allows).
 */
public final class TierSaturatedException extends RetriableTierException implements ResilienceRefusal {

    private static final long serialVersionUID = 1L;

    TierSaturatedException(String tier, String message) {
        super(tier, message, null);
    }
}
