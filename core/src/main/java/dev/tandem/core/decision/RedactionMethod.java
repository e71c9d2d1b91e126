package dev.tandem.core.decision;

import java.util.Locale;

/**
 * How one entity type is treated before a request goes to a remote tier.
 *
 * <ul>
 *   <li>{@link #PLACEHOLDER} (the default): {@code <EMAIL_1>}, the same for the same value in every
 *       message of the request; restored in the answer.
 *   <li>{@link #MASK}: most characters replaced by {@code *} ({@code j***@e******.com}); not restored.
 *   <li>{@link #HASH}: a salted short hash ({@code <EMAIL#a1b2c3d4>}); not restored.
 *   <li>{@link #PSEUDONYM}: a realistic fake value of the same type, the same for the same value in
 *       the request; restored in the answer.
 *   <li>{@link #BLOCK}: the request does not leave the machine at all; remote tiers are skipped.
 * </ul>
 */
public enum RedactionMethod {
    PLACEHOLDER,
    MASK,
    HASH,
    PSEUDONYM,
    BLOCK;

    /** The name used in policies, such as {@code placeholder}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the answer gets the original values back. */
    public boolean restorable() {
        return this == PLACEHOLDER || this == PSEUDONYM;
    }

    /**
     * The method with this policy name.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static RedactionMethod fromWireName(String name) {
        for (RedactionMethod method : values()) {
            if (method.wireName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(
                "unknown redaction method '" + name + "' (allowed: placeholder, mask, hash, pseudonym, block)");
    }
}
