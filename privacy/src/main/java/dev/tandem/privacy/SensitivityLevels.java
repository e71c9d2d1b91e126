package dev.tandem.privacy;

import static dev.tandem.privacy.PrivacyEntityTypes.*;
import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sensitivity each entity type implies, and so the sensitivity of a request: the highest level
 * among its findings.
 *
 * <p>Defaults ({@link #ofDefaults()}):
 *
 * <ul>
 *   <li>{@code restricted}: payment cards, IBANs, national identifiers (US SSN, UK NINO, ES DNI, FR
 *       NIR), secrets, URLs with credentials, health data;
 *   <li>{@code high}: email, phone, person names, street addresses, dates of birth, financial data;
 *   <li>{@code low}: IP and MAC addresses, organisations, places named alone (LOCATION), ages, postcodes;
 *   <li>any other type: {@code high}, so that an unknown recognizer's finding is assumed to matter.
 * </ul>
 *
 * <pre>{@code
 * SensitivityLevels levels = SensitivityLevels.custom()
 *         .level(PrivacyEntityTypes.IP_ADDRESS, Sensitivity.HIGH)
 *         .level(EntityType.of("PROJECT"), Sensitivity.RESTRICTED)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SensitivityLevels {

    private static final SensitivityLevels DEFAULTS = custom().build();

    private final Map<EntityType, Sensitivity> levels;
    private final Sensitivity unknownLevel;

    private SensitivityLevels(Builder builder) {
        this.levels = Map.copyOf(builder.levels);
        this.unknownLevel = builder.unknownLevel;
    }

    public static SensitivityLevels ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from another configuration. */
    public static Builder from(SensitivityLevels base) {
        Builder builder = new Builder();
        builder.levels.clear();
        builder.levels.putAll(base.levels);
        builder.unknownLevel = base.unknownLevel;
        return builder;
    }

    public Sensitivity levelOf(EntityType type) {
        return levels.getOrDefault(type, unknownLevel);
    }

    /** The highest level among the types, or {@code none} when there are none. */
    public Sensitivity highestLevel(Collection<EntityType> types) {
        Sensitivity highest = Sensitivity.NONE;
        for (EntityType type : types) {
            highest = Sensitivity.max(highest, levelOf(type));
        }
        return highest;
    }

    /** Every configured type and its level, sorted by type name. */
    public Map<EntityType, Sensitivity> levels() {
        return new TreeMap<>(levels);
    }

    public Sensitivity unknownLevel() {
        return unknownLevel;
    }

    @Override
    public String toString() {
        return "SensitivityLevels" + levels() + "[unknown=" + unknownLevel.wireName() + "]";
    }

    /** Builds {@link SensitivityLevels}. */
    public static final class Builder {
        private final Map<EntityType, Sensitivity> levels = new LinkedHashMap<>();
        private Sensitivity unknownLevel = Sensitivity.HIGH;

        private Builder() {
            for (EntityType type : new EntityType[] {
                CREDIT_CARD, IBAN, US_SSN, UK_NINO, ES_DNI, FR_NIR, SECRET, URL_CREDENTIALS, HEALTH
            }) {
                levels.put(type, Sensitivity.RESTRICTED);
            }
            for (EntityType type : new EntityType[] {EMAIL, PHONE, PERSON, STREET_ADDRESS, DATE_OF_BIRTH, FINANCIAL}) {
                levels.put(type, Sensitivity.HIGH);
            }
            for (EntityType type : new EntityType[] {IP_ADDRESS, MAC_ADDRESS, ORGANIZATION, LOCATION, AGE, POSTCODE}) {
                levels.put(type, Sensitivity.LOW);
            }
        }

        public Builder level(EntityType type, Sensitivity level) {
            levels.put(requireNonNull(type, "type"), requireNonNull(level, "level"));
            return this;
        }

        /** The level of types with no explicit level; {@code high} by default. */
        public Builder unknownLevel(Sensitivity level) {
            this.unknownLevel = requireNonNull(level, "level");
            return this;
        }

        public SensitivityLevels build() {
            return new SensitivityLevels(this);
        }
    }
}
