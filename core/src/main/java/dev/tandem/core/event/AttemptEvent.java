package dev.tandem.core.event;

import dev.tandem.core.outcome.Attempt;
import java.time.Instant;

/** One tier was tried (or skipped) for the request; emitted once per attempt, in order. */
public record AttemptEvent(String requestId, Instant timestamp, Attempt attempt) implements TandemEvent {}
