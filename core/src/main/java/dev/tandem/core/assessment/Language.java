package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The dominant writing system of a request's text, the share of letters written in it, and the natural
 * language when one was detected (only when the policy names languages).
 *
 * @param script the dominant Unicode script, such as {@code LATIN} or {@code HAN}
 * @param share the share of letters in that script, in [0, 1]
 * @param detected the detected language and the detector's confidence, if detection ran and decided
 */
public record Language(Character.UnicodeScript script, double share, Optional<DetectedLanguage> detected) {

    public Language {
        requireNonNull(script, "script");
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("share " + share + " is outside [0, 1]");
        }
        requireNonNull(detected, "detected");
    }

    /** A script without a detected language. */
    public Language(Character.UnicodeScript script, double share) {
        this(script, share, Optional.empty());
    }

    /** This script with {@code language} detected. */
    public Language withDetected(DetectedLanguage language) {
        return new Language(script, share, Optional.of(language));
    }

    /** The lower-case script name used in policies and JSON output, such as {@code latin}. */
    public String scriptName() {
        return script.name().toLowerCase(Locale.ROOT);
    }
}
