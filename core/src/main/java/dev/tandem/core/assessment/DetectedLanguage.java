package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

/**
 * The natural language a request is written in, as a language detector told it apart from the
 * languages it was asked to consider.
 *
 * @param isoCode the ISO 639-1 code in lower case, such as {@code de}
 * @param confidence the detector's confidence in [0, 1]
 */
public record DetectedLanguage(String isoCode, double confidence) {

    public DetectedLanguage {
        requireNonNull(isoCode, "isoCode");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("language confidence " + confidence + " is outside [0, 1]");
        }
    }
}
