package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

/**
 * One input to a score, kept so that every score can be explained: its name, its raw value, and what
 * it contributed to the score.
 */
public record Signal(String name, double value, double contribution) {

    public Signal {
        requireNonNull(name, "name");
    }
}
