package dev.tandem.policy;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * When a rule applies. Every field that is set must hold (they are joined by AND); a condition with no
 * field set always holds.
 *
 * <ul>
 *   <li>{@code sensitivityAtLeast}: the request's sensitivity is at this level or above;
 *   <li>{@code entityTypes}: at least one entity of one of these types was found;
 *   <li>{@code difficultyAtLeast}: the difficulty score is at least this, in [0, 1];
 *   <li>{@code promptTokensOver}: the estimated prompt is longer than this many tokens.
 * </ul>
 */
public record Condition(
        Optional<Sensitivity> sensitivityAtLeast,
        SortedSet<EntityType> entityTypes,
        OptionalDouble difficultyAtLeast,
        OptionalInt promptTokensOver) {

    private static final Condition ALWAYS = builder().build();

    public Condition {
        entityTypes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(entityTypes));
    }

    public static Condition always() {
        return ALWAYS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Condition}; each setter validates its value and names the valid range. */
    public static final class Builder {
        private @Nullable Sensitivity sensitivityAtLeast;
        private final SortedSet<EntityType> entityTypes = new TreeSet<>();
        private OptionalDouble difficultyAtLeast = OptionalDouble.empty();
        private OptionalInt promptTokensOver = OptionalInt.empty();

        private Builder() {}

        public Builder sensitivityAtLeast(Sensitivity level) {
            this.sensitivityAtLeast = level;
            return this;
        }

        public Builder entityTypes(Set<EntityType> types) {
            if (types.isEmpty()) {
                throw new IllegalArgumentException("entity-types must name at least one type");
            }
            entityTypes.addAll(types);
            return this;
        }

        /** A difficulty threshold in [0, 1]. */
        public Builder difficultyAtLeast(double threshold) {
            if (!(threshold >= 0.0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("difficulty-at-least must be in [0, 1], was " + threshold);
            }
            this.difficultyAtLeast = OptionalDouble.of(threshold);
            return this;
        }

        /** A prompt length in tokens, at least 1. */
        public Builder promptTokensOver(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("prompt-tokens-over must be at least 1, was " + tokens);
            }
            this.promptTokensOver = OptionalInt.of(tokens);
            return this;
        }

        public Condition build() {
            return new Condition(
                    Optional.ofNullable(sensitivityAtLeast), entityTypes, difficultyAtLeast, promptTokensOver);
        }
    }
}
