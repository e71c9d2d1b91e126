package dev.tandem.core.request;

import dev.tandem.core.assessment.Sensitivity;

/**
 * The caller's own classification of the data in a request, as enterprises label documents. It is a
 * hint: the request is at least as sensitive as its classification says, whatever the scan finds.
 */
public enum DataClassification {
    PUBLIC(Sensitivity.NONE),
    INTERNAL(Sensitivity.LOW),
    CONFIDENTIAL(Sensitivity.HIGH),
    RESTRICTED(Sensitivity.RESTRICTED);

    private final Sensitivity minimumSensitivity;

    DataClassification(Sensitivity minimumSensitivity) {
        this.minimumSensitivity = minimumSensitivity;
    }

    /** The sensitivity a request with this classification has at least. */
    public Sensitivity minimumSensitivity() {
        return minimumSensitivity;
    }
}
