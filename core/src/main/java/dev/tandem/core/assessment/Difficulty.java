package dev.tandem.core.assessment;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How hard a request is for the local model: a score in [0, 1] (higher is harder), the signals that
 * produced it, from an estimator fitted to labelled data the calibrated threshold (the score from which
 * that calibration sends a request remote to serve its target share locally; a policy's {@code
 * difficulty-at-least: calibrated} compares the score with it), and the task types the task classifier
 * saw in the prompt, most probable first (empty when the estimator classifies no task).
 */
public record Difficulty(
        double score, List<Signal> signals, OptionalDouble calibratedThreshold, List<TaskScore> tasks) {

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
        tasks = tasks.stream()
                .sorted(Comparator.comparingDouble(TaskScore::probability).reversed())
                .toList();
    }

    /** A score from an estimator without a calibrated threshold or task types. */
    public Difficulty(double score, List<Signal> signals) {
        this(score, signals, OptionalDouble.empty(), List.of());
    }

    /** A score from a calibrated estimator that classifies no task. */
    public Difficulty(double score, List<Signal> signals, OptionalDouble calibratedThreshold) {
        this(score, signals, calibratedThreshold, List.of());
    }

    /** A score from an estimator without a calibrated threshold, with the task types it saw. */
    public Difficulty(double score, List<Signal> signals, List<TaskScore> tasks) {
        this(score, signals, OptionalDouble.empty(), tasks);
    }

    /** The most probable task type, when the estimator classified the prompt. */
    public Optional<TaskScore> topTask() {
        return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks.get(0));
    }
}
