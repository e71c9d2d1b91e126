package dev.tandem.core.assessment;

import java.util.List;

/**
 * How hard a request is for the local model: a score in [0, 1] (higher is harder) and the signals
 * that produced it.
 */
public record Difficulty(double score, List<Signal> signals) {

    public Difficulty {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("difficulty " + score + " is outside [0, 1]");
        }
        signals = List.copyOf(signals);
    }
}
