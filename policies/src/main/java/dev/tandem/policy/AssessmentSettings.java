package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the assess stage should score requests under this policy: the sensitivity of each entity type,
 * named difficulty thresholds that rules can refer to, and a calibration file for the difficulty
 * estimator.
 *
 * <pre>{@code
 * AssessmentSettings settings = AssessmentSettings.builder()
 *         .entityLevel(EntityType.of("MEDICAL_RECORD"), Sensitivity.RESTRICTED)
 *         .difficultyThreshold("hard", 0.6)
 *         .calibrationFile(Path.of("calibration.json"))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: no overrides of entity levels, the thresholds {@code easy = 0.3} and {@code hard = 0.6},
 * no calibration file. Threshold names are lower-case identifiers; values are in [0, 1]. Immutable.
 */
public record AssessmentSettings(
        Map<EntityType, Sensitivity> entityLevels,
        Map<String, Double> difficultyThresholds,
        Optional<Path> calibrationFile) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final AssessmentSettings DEFAULTS = builder().build();

    public AssessmentSettings {
        entityLevels = Collections.unmodifiableMap(new TreeMap<>(entityLevels));
        difficultyThresholds = Collections.unmodifiableMap(new LinkedHashMap<>(difficultyThresholds));
        requireNonNull(calibrationFile, "calibrationFile");
    }

    public static AssessmentSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A named threshold, such as {@code hard}. */
    public OptionalDouble threshold(String name) {
        Double value = difficultyThresholds.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** Builds {@link AssessmentSettings}; each setter checks its value. */
    public static final class Builder {
        private final Map<EntityType, Sensitivity> entityLevels = new TreeMap<>();
        private final Map<String, Double> thresholds = defaultThresholds();
        private @Nullable Path calibrationFile;

        private Builder() {}

        private static Map<String, Double> defaultThresholds() {
            Map<String, Double> defaults = new LinkedHashMap<>();
            defaults.put("easy", 0.3);
            defaults.put("hard", 0.6);
            return defaults;
        }

        public Builder entityLevel(EntityType type, Sensitivity level) {
            entityLevels.put(requireNonNull(type, "type"), requireNonNull(level, "level"));
            return this;
        }

        /** A named difficulty threshold in [0, 1]; replaces a default of the same name. */
        public Builder difficultyThreshold(String name, double value) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("threshold name '" + name + "' must match [a-z][a-z0-9-]*");
            }
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException("difficulty threshold must be in [0, 1], was " + value);
            }
            thresholds.put(name, value);
            return this;
        }

        public Builder calibrationFile(Path file) {
            this.calibrationFile = requireNonNull(file, "file");
            return this;
        }

        public AssessmentSettings build() {
            return new AssessmentSettings(entityLevels, thresholds, Optional.ofNullable(calibrationFile));
        }
    }
}
