package dev.tandem.core.assessment;

/**
 * Estimated token counts of a request: the prompt as it would be sent, and the expected answer.
 */
public record TokenEstimate(int promptTokens, int expectedOutputTokens) {

    public TokenEstimate {
        if (promptTokens < 0 || expectedOutputTokens < 0) {
            throw new IllegalArgumentException(
                    "token estimates must not be negative: " + promptTokens + ", " + expectedOutputTokens);
        }
    }

    public int total() {
        return promptTokens + expectedOutputTokens;
    }
}
