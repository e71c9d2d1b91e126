package dev.tandem.router.difficulty;

import java.util.Locale;

/**
 * The kind of a prompt, told from its surface ({@link DifficultyFeatures#kind()}). A calibration may
 * weigh one kind differently, for instance by length only where its full model was not validated.
 */
public enum PromptKind {
    /** A question with options, one per line ("A. ..."), as in exams. */
    MULTIPLE_CHOICE,
    /** A problem with several quantities and an operation between them, without options or code. */
    MATHS_WORD_PROBLEM,
    /** Anything else. */
    OPEN;

    /** The name in calibration files: {@code multiple-choice}, {@code maths-word-problem}, {@code open}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the valid ids */
    public static PromptKind ofId(String id) {
        for (PromptKind kind : values()) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown prompt kind '" + id + "', expected multiple-choice, maths-word-problem or open");
    }
}
