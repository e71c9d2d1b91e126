package dev.tandem.router.internal;

import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.AuditFailureEvent;
import dev.tandem.core.event.BreakerTransitionEvent;
import dev.tandem.core.event.BudgetEvent;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.EscalationEvent;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.FallbackEvent;
import dev.tandem.core.event.FirstTokenEvent;
import dev.tandem.core.event.RedactionEvent;
import dev.tandem.core.event.TandemEvent;
import dev.tandem.core.event.TandemListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners in registration order. A listener that throws is logged (by type,
 * never with event content) and skipped; routing goes on.
 */
public final class ListenerDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);

    private final List<TandemListener> listeners;

    public ListenerDispatcher(List<TandemListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void dispatch(TandemEvent event) {
        for (TandemListener listener : listeners) {
            try {
                switch (event) {
                    case DecisionEvent e -> listener.onDecision(e);
                    case AttemptEvent e -> listener.onAttempt(e);
                    case CompletedEvent e -> listener.onCompleted(e);
                    case FailedEvent e -> listener.onFailed(e);
                    case RedactionEvent e -> listener.onRedaction(e);
                    case FallbackEvent e -> listener.onFallback(e);
                    case EscalationEvent e -> listener.onEscalation(e);
                    case FirstTokenEvent e -> listener.onFirstToken(e);
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "Listener {} threw {} on {} for request {}; ignored",
                        listener.getClass().getName(),
                        e.getClass().getName(),
                        event.getClass().getSimpleName(),
                        event.requestId());
            }
        }
    }

    /** Delivers a breaker transition, which belongs to no request, with the same isolation. */
    public void dispatch(BreakerTransitionEvent event) {
        for (TandemListener listener : listeners) {
            try {
                listener.onBreakerTransition(event);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Listener {} threw {} on BreakerTransitionEvent for tier {}; ignored",
                        listener.getClass().getName(),
                        e.getClass().getName(),
                        event.tier());
            }
        }
    }

    /** Delivers an audit failure, which belongs to no request, with the same isolation. */
    public void dispatch(AuditFailureEvent event) {
        for (TandemListener listener : listeners) {
            try {
                listener.onAuditFailure(event);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Listener {} threw {} on AuditFailureEvent ({}); ignored",
                        listener.getClass().getName(),
                        e.getClass().getName(),
                        event.kind());
            }
        }
    }

    /** Delivers a budget event (exceeded, store unreachable) with the same isolation. */
    public void dispatch(BudgetEvent event) {
        for (TandemListener listener : listeners) {
            try {
                listener.onBudget(event);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Listener {} threw {} on BudgetEvent for request {}; ignored",
                        listener.getClass().getName(),
                        e.getClass().getName(),
                        event.requestId());
            }
        }
    }
}
