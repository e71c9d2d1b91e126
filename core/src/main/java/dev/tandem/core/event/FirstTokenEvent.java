package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * A streamed attempt received its first token. Emitted once per streamed attempt that produced text,
 * before that attempt's {@link AttemptEvent}.
 *
 * @param tier the tier that is streaming
 * @param latency from sending the request to the tier until its first token
 */
public record FirstTokenEvent(String requestId, Instant timestamp, String tier, Duration latency)
        implements TandemEvent {

    public FirstTokenEvent {
        requireNonNull(requestId, "requestId");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(tier, "tier");
        requireNonNull(latency, "latency");
    }
}
