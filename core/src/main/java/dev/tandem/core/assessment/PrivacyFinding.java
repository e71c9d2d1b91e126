package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

/** An {@link EntitySpan} found in one message of a request; {@code messageIndex} counts from 0. */
public record PrivacyFinding(int messageIndex, EntitySpan span) {

    public PrivacyFinding {
        if (messageIndex < 0) {
            throw new IllegalArgumentException("messageIndex " + messageIndex + " is negative");
        }
        requireNonNull(span, "span");
    }

    public EntityType type() {
        return span.type();
    }
}
