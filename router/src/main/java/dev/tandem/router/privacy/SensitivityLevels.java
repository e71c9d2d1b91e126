package dev.tandem.router.privacy;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import java.util.Collection;
import java.util.Map;

/**
 * The sensitivity each entity type implies. Payment cards are {@code restricted}; emails and phone
 * numbers, which identify a person directly, are {@code high}. A type this table does not know is
 * treated as {@code high}: an unknown recognizer's finding is assumed to matter.
 */
public final class SensitivityLevels {

    private static final Map<EntityType, Sensitivity> LEVELS = Map.of(
            EntityType.CREDIT_CARD, Sensitivity.RESTRICTED,
            EntityType.EMAIL, Sensitivity.HIGH,
            EntityType.PHONE, Sensitivity.HIGH);

    private SensitivityLevels() {}

    public static Sensitivity of(EntityType type) {
        return LEVELS.getOrDefault(type, Sensitivity.HIGH);
    }

    /** The highest level among the types, or {@code none} when there are none. */
    public static Sensitivity highest(Collection<EntityType> types) {
        return types.stream().map(SensitivityLevels::of).reduce(Sensitivity.NONE, Sensitivity::max);
    }
}
