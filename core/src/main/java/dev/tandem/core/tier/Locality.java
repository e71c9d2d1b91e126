package dev.tandem.core.tier;

import java.util.Locale;

/** Where a tier runs: on this machine, or on a remote service that data must travel to. */
public enum Locality {
    LOCAL,
    REMOTE;

    /** The lower-case name used in policies and JSON output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
