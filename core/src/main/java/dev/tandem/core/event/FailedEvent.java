package dev.tandem.core.event;

import dev.tandem.core.exception.TandemException;
import java.time.Instant;

/** The request ended with an exception, which the caller receives too; the last event of a failure. */
public record FailedEvent(String requestId, Instant timestamp, TandemException exception) implements TandemEvent {}
