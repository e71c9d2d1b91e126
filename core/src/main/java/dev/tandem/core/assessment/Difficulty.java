package dev.tandem.core.assessment;

import java.util.List;
import java.util.OptionalDouble;

/**
 * How hard a request is for the local model: a score in [0, 1] (higher is harder), the signals that
 * produced it, and, from an estimator fitted to labelled data, the calibrated threshold: the score from
 * which that calibration sends a request remote to serve its target share locally. A policy's {@code
 * difficulty-at-least: calibrated} compares the score with it.
 */
public record Difficulty(double score, List<Signal> signals, OptionalDouble calibratedThreshold) {

    public Difficulty {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("difficulty " + score + " is outside [0, 1]");
        }
        signals = List.copyOf(signals);
        if (calibratedThreshold.isPresent()
                && !(calibratedThreshold.getAsDouble() >= 0.0 && calibratedThreshold.getAsDouble() <= 1.0)) {
            throw new IllegalArgumentException(
                    "calibrated threshold " + calibratedThreshold.getAsDouble() + " is outside [0, 1]");
        }
    }

    /** A score from an estimator without a calibrated threshold. */
    public Difficulty(double score, List<Signal> signals) {
        this(score, signals, OptionalDouble.empty());
    }
}
