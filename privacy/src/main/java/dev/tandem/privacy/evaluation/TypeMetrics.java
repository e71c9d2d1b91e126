package dev.tandem.privacy.evaluation;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntityType;

/**
 * Span counts of one entity type. Precision is 1 when nothing was detected and recall is 1 when there
 * was nothing to find, so that a type absent from both sides does not look broken.
 */
public record TypeMetrics(EntityType type, int truePositives, int falsePositives, int falseNegatives) {

    public TypeMetrics {
        requireNonNull(type, "type");
        if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public int gold() {
        return truePositives + falseNegatives;
    }

    public int detected() {
        return truePositives + falsePositives;
    }

    public double precision() {
        return detected() == 0 ? 1.0 : truePositives / (double) detected();
    }

    public double recall() {
        return gold() == 0 ? 1.0 : truePositives / (double) gold();
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    TypeMetrics plus(TypeMetrics other) {
        return new TypeMetrics(
                type,
                truePositives + other.truePositives,
                falsePositives + other.falsePositives,
                falseNegatives + other.falseNegatives);
    }
}
