package dev.tandem.core.event;

/**
 * Receives the events of every routed request. All methods do nothing by default; override the ones
 * you need.
 *
 * <p>Order, for each request: {@link #onDecision} once (unless the request is rejected before a
 * decision), then for each tier tried or skipped, in order: {@link #onRedaction} when entities are
 * replaced before a remote tier sees the request, {@link #onAttempt} once, and {@link #onFallback} when
 * that tier failed and another one is tried next (or {@link #onEscalation} when a local-first answer was
 * not confident enough); then exactly one of {@link #onCompleted} or {@link #onFailed}.
 *
 * <pre>{@code
 * onDecision → [onRedaction] → onAttempt → [onFallback | onEscalation] → [onRedaction] → onAttempt → ...
 *            → onCompleted | onFailed
 * }</pre>
 *
 * <p>Listeners are called on the thread that routes the request, in registration order. An exception thrown by a listener is logged and ignored; it never
 * changes the routing.
 *
 * <p>Budget and policy events are not tied to that order: {@link #onBudget} comes while a request is
 * decided or after it is recorded, and {@link #onPolicyReloaded} / {@link #onPolicyRejected} come from
 * the policy watcher's thread whenever the watched file changes; {@link #onBreakerTransition} comes
 * whenever a breaker trips or recovers.
 *
 * <p>Events carry types, counts, scores and names, never request or answer text.
 */
public interface TandemListener {

    default void onDecision(DecisionEvent event) {}

    default void onAttempt(AttemptEvent event) {}

    default void onCompleted(CompletedEvent event) {}

    default void onFailed(FailedEvent event) {}

    /** Entities were replaced by placeholders before a remote attempt; types and counts only. */
    default void onRedaction(RedactionEvent event) {}

    /** A tier failed and the next candidate tier is tried. */
    default void onFallback(FallbackEvent event) {}

    /** A local-first answer was not confident enough and the request is escalated. */
    default void onEscalation(EscalationEvent event) {}

    /** A streamed attempt received its first token; carries the time to first token. */
    default void onFirstToken(FirstTokenEvent event) {}

    /**
     * A tier's circuit breaker changed state. Not tied to a request's order: it comes from whichever
     * thread tripped or reset the breaker.
     */
    default void onBreakerTransition(BreakerTransitionEvent event) {}

    /** A budget was exceeded, or its store was unreachable and its fail-open/closed behaviour applied. */
    default void onBudget(BudgetEvent event) {}

    /** A changed policy file was valid and is now in force. */
    default void onPolicyReloaded(PolicyReloadedEvent event) {}

    /** A changed policy file was invalid; the previous policy stays in force. */
    default void onPolicyRejected(PolicyRejectedEvent event) {}

    /** The audit log failed to write a record or to rotate; see {@link AuditFailureEvent}. */
    default void onAuditFailure(AuditFailureEvent event) {}
}
