package dev.tandem.core.event;

import dev.tandem.core.decision.Decision;
import dev.tandem.core.outcome.Outcome;
import java.time.Instant;

/** A tier answered the request; the last event of a successful request. */
public record CompletedEvent(String requestId, Instant timestamp, Decision decision, Outcome outcome)
        implements TandemEvent {}
