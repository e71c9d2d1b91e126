package dev.tandem.core.event;

import java.time.Instant;

/**
 * Something that happened while a request was routed. Every event names its request, so listeners can
 * correlate events without reading logs.
 */
public sealed interface TandemEvent
        permits DecisionEvent,
                AttemptEvent,
                RedactionEvent,
                FallbackEvent,
                EscalationEvent,
                FirstTokenEvent,
                CompletedEvent,
                FailedEvent {

    String requestId();

    Instant timestamp();
}
