package dev.tandem.core.event;

import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.decision.Decision;
import java.time.Instant;

/** The decide stage chose a route; emitted once per request, before any tier is called. */
public record DecisionEvent(String requestId, Instant timestamp, Assessment assessment, Decision decision)
        implements TandemEvent {}
