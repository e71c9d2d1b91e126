package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

/**
 * One task type the task classifier considered for a request, such as {@code coding}, and its
 * probability in [0, 1].
 */
public record TaskScore(String type, double probability) {

    public TaskScore {
        requireNonNull(type, "type");
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("task probability " + probability + " is outside [0, 1]");
        }
    }
}
