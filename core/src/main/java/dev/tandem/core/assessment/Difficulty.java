package dev.tandem.core.assessment;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How hard a request is for the local model: a score in [0, 1] (higher is harder), the signals that
 * produced it, and the task types the task classifier saw in the prompt, most probable first (empty
 * when the estimator classifies no task).
 */
public record Difficulty(double score, List<Signal> signals, List<TaskScore> tasks) {

    public Difficulty {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("difficulty " + score + " is outside [0, 1]");
        }
        signals = List.copyOf(signals);
        tasks = tasks.stream()
                .sorted(Comparator.comparingDouble(TaskScore::probability).reversed())
                .toList();
    }

    /** A difficulty without task types. */
    public Difficulty(double score, List<Signal> signals) {
        this(score, signals, List.of());
    }

    /** The most probable task type, when the estimator classified the prompt. */
    public Optional<TaskScore> topTask() {
        return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks.get(0));
    }
}
