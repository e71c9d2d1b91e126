package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

/**
 * A value that must never be printed: an API key, a Redis URL with a password. {@link #toString()}
 * masks it, and the loader never quotes it in a problem; read it with {@link #reveal()} only where it
 * is used.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /** The secret value itself; never log it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
