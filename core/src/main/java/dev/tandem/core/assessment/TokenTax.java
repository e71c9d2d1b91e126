package dev.tandem.core.assessment;

/**
 * A prompt's length in one local model's own tokens, and the tax that model's tokenizer levies on it:
 * its tokens per token of a large multilingual reference vocabulary (1.0 is as good as the reference;
 * a small byte-level vocabulary on Thai or Hindi text often pays 3 or more).
 *
 * @param tokens the prompt in the model's tokens, at least 0
 * @param tax the model's tokens per reference token, at least 0
 */
public record TokenTax(int tokens, double tax) {

    public TokenTax {
        if (tokens < 0 || !(tax >= 0.0) || Double.isInfinite(tax)) {
            throw new IllegalArgumentException(
                    "token tax needs tokens >= 0 and a finite tax >= 0, was " + tokens + " and " + tax);
        }
    }
}
