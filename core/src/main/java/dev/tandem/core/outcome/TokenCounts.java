package dev.tandem.core.outcome;

/** Tokens a tier read and wrote for one attempt, as the tier reported them (0 when it did not). */
public record TokenCounts(int input, int output) {

    private static final TokenCounts NONE = new TokenCounts(0, 0);

    public TokenCounts {
        if (input < 0 || output < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + input + ", " + output);
        }
    }

    public static TokenCounts none() {
        return NONE;
    }

    public int total() {
        return input + output;
    }
}
