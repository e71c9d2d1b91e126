package dev.tandem.core.outcome;

import java.util.Locale;

/** How one attempt on one tier ended. */
public enum AttemptStatus {
    /** The tier answered. */
    SUCCEEDED,
    /** The tier was called and failed; the attempt carries the failure. */
    FAILED,
    /** The tier was not called, for example because it is remote and the request must stay local. */
    SKIPPED;

    /** The lower-case name used in JSON output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
