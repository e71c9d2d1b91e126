package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Something happened to a tenant's budget while a request was decided or recorded: the budget was
 * exceeded and its {@code when-exceeded} action applied, or the budget store could not be reached and
 * the budget's fail-open or fail-closed behaviour applied.
 *
 * @param requestId the request being decided or recorded
 * @param budget the budget's name in the policy
 * @param tenant the tenant the budget counts for
 * @param kind what happened
 * @param detail a sentence for people: the counter and limit, or the store error type (never a secret)
 */
public record BudgetEvent(String requestId, Instant timestamp, String budget, String tenant, Kind kind, String detail) {

    public BudgetEvent {
        requireNonNull(requestId, "requestId");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(budget, "budget");
        requireNonNull(tenant, "tenant");
        requireNonNull(kind, "kind");
        requireNonNull(detail, "detail");
    }

    /** What happened to the budget. */
    public enum Kind {
        /** A limit was reached; the budget's when-exceeded action replaced the rule's action. */
        EXCEEDED,
        /** The store was unreachable; the budget was treated as not exceeded (fail-open). */
        STORE_UNAVAILABLE_FAILED_OPEN,
        /** The store was unreachable; the budget was treated as exceeded (fail-closed). */
        STORE_UNAVAILABLE_FAILED_CLOSED,
        /** The store was unreachable when usage was recorded after the request; that usage is lost. */
        RECORD_FAILED
    }
}
