package dev.tandem.core.assessment;

import java.util.Locale;

/**
 * How sensitive a request is, from the entities found in it and the caller's classification hint.
 * Levels are ordered: {@code NONE < LOW < HIGH < RESTRICTED}.
 */
public enum Sensitivity {
    /** Nothing personal or secret was found. */
    NONE,
    /** Indirect or low-risk data only, such as an IP address. */
    LOW,
    /** Direct identifiers such as an email address or a phone number. */
    HIGH,
    /** Data whose leak does harm on its own: payment cards, national identifiers, secrets. */
    RESTRICTED;

    /** The lower-case name used in policies and JSON output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isAtLeast(Sensitivity other) {
        return compareTo(other) >= 0;
    }

    public static Sensitivity max(Sensitivity a, Sensitivity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Parses a wire name such as {@code high}; throws naming the accepted values otherwise. */
    public static Sensitivity fromWireName(String name) {
        for (Sensitivity level : values()) {
            if (level.wireName().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException(
                "unknown sensitivity '" + name + "', expected one of none, low, high, restricted");
    }
}
