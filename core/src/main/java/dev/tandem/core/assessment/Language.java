package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The dominant writing system of a request's text, and the share of letters written in it.
 *
 * @param script the dominant Unicode script, such as {@code LATIN} or {@code HAN}
 * @param share the share of letters in that script, in [0, 1]
 */
public record Language(Character.UnicodeScript script, double share) {

    public Language {
        requireNonNull(script, "script");
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("share " + share + " is outside [0, 1]");
        }
    }

    /** The lower-case script name used in policies and JSON output, such as {@code latin}. */
    public String scriptName() {
        return script.name().toLowerCase(Locale.ROOT);
    }
}
