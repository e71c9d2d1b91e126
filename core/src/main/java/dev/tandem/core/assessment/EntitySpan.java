package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

/**
 * Where a recognizer found an entity in one text: {@code [start, end)} in UTF-16 indices of the Java
 * string, and a score in [0, 1]. It holds offsets only, never the value, so it can be logged.
 */
public record EntitySpan(EntityType type, int start, int end, double score) {

    public EntitySpan {
        requireNonNull(type, "type");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span [" + start + ", " + end + ") is empty or negative");
        }
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score " + score + " is outside [0, 1]");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(EntitySpan other) {
        return start < other.end && other.start < end;
    }
}
