package dev.tandem.core.event;

/**
 * Receives the events of every routed request. All methods do nothing by default; override the ones
 * you need.
 *
 * <p>Order, for each request: {@link #onDecision} once (unless the request is rejected before a
 * decision), then {@link #onAttempt} once per tier tried or skipped, in order, then exactly one of
 * {@link #onCompleted} or {@link #onFailed}. Listeners are called on the thread that routes the
 * request, in registration order. An exception thrown by a listener is logged and ignored; it never
 * changes the routing.
 *
 * <p>Events carry types, counts, scores and names, never request or answer text.
 */
public interface TandemListener {

    default void onDecision(DecisionEvent event) {}

    default void onAttempt(AttemptEvent event) {}

    default void onCompleted(CompletedEvent event) {}

    default void onFailed(FailedEvent event) {}
}
