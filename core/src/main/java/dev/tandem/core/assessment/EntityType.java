package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The type of a personal-data or secret entity, such as {@code EMAIL}. Types are open: recognizers
 * may define their own, written in upper snake case.
 */
public record EntityType(String name) implements Comparable<EntityType> {

    private static final Pattern UPPER_SNAKE = Pattern.compile("[A-Z][A-Z0-9_]*");

    public static final EntityType EMAIL = new EntityType("EMAIL");
    public static final EntityType PHONE = new EntityType("PHONE");
    public static final EntityType CREDIT_CARD = new EntityType("CREDIT_CARD");

    public EntityType {
        requireNonNull(name, "name");
        if (!UPPER_SNAKE.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "entity type '" + name + "' must be upper snake case, like EMAIL or US_SSN");
        }
    }

    public static EntityType of(String name) {
        return new EntityType(name);
    }

    @Override
    public int compareTo(EntityType other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
