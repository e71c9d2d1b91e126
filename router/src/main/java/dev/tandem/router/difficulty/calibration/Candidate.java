package dev.tandem.router.difficulty.calibration;

import java.util.Locale;

/**
 * A model {@link Calibrator} can fit, compared by cross-validation. Those that need the sentence embedding
 * are only tried when the estimator computes it.
 */
public enum Candidate {
    /** A logistic regression on the prompt's length alone: the baseline every other candidate must beat. */
    LENGTH("length only", false),
    /** A logistic regression on the prompt signals (length, maths, options, code...). */
    FEATURES("prompt signals", false),
    /** The prompt signals and the task-type probabilities. */
    TASK_TYPES("signals + task types", true),
    /** The signals, the task types and a penalised weight per embedding dimension. */
    EMBEDDING_HEAD("signals + task types + embedding head", true),
    /** The share of wrong answers among the nearest labelled prompts by embedding (k-nearest neighbours). */
    NEIGHBOURS("k-nearest neighbours", true),
    /** The prompt signals and the nearest neighbours' share of wrong answers, weighed together. */
    FEATURES_NEIGHBOURS("signals + neighbours", true);

    private final String description;
    private final boolean needsEmbedding;

    Candidate(String description, boolean needsEmbedding) {
        this.description = description;
        this.needsEmbedding = needsEmbedding;
    }

    public String description() {
        return description;
    }

    public boolean needsEmbedding() {
        return needsEmbedding;
    }

    /** The name on the command line: {@code length}, {@code features}, {@code embedding-head}... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the valid ids */
    public static Candidate ofId(String id) {
        for (Candidate candidate : values()) {
            if (candidate.id().equals(id)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown model '" + id + "', expected one of "
                + java.util.Arrays.stream(values()).map(Candidate::id).toList());
    }
}
