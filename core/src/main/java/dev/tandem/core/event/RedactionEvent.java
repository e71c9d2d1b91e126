package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntityType;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Entities were replaced by placeholders before the request was sent to a remote tier; emitted right
 * before that tier's {@link AttemptEvent}, once per redacted attempt. It carries types and counts only,
 * never the values.
 *
 * @param tier the remote tier about to receive the redacted request
 * @param counts how many occurrences of each type were replaced, sorted by type; never empty
 */
public record RedactionEvent(String requestId, Instant timestamp, String tier, SortedMap<EntityType, Integer> counts)
        implements TandemEvent {

    public RedactionEvent {
        requireNonNull(requestId, "requestId");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(tier, "tier");
        counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("a redaction event needs at least one redacted type");
        }
        counts.forEach((type, count) -> {
            if (count < 1) {
                throw new IllegalArgumentException("redaction count for " + type + " must be at least 1, was " + count);
            }
        });
    }

    public RedactionEvent(String requestId, Instant timestamp, String tier, Map<EntityType, Integer> counts) {
        this(requestId, timestamp, tier, new TreeMap<>(counts));
    }

    /** How many occurrences were replaced, all types together. */
    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
