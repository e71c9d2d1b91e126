package dev.tandem.router.difficulty.internal;

/**
 * A signal's standardised value, {@code (value − mean) / scale}, bounded to ±{@value #LIMIT}. The bound
 * keeps one signal whose deployment differs from the training data from deciding alone: the built-in
 * calibration saw English exam questions, where the tokenization tax barely varies (scale 0.007), so a
 * local tokenizer that counts English differently from the approximations the calibration was fitted
 * with would otherwise move the log-odds by several units. Fitting and scoring both use it.
 */
public final class Standardised {

    /** The largest distance from the mean, in scales, that a signal counts for. */
    public static final double LIMIT = 4.0;

    private Standardised() {}

    /** {@code (value − mean) / scale}, clipped to [−{@value #LIMIT}, {@value #LIMIT}]. */
    public static double of(double value, double mean, double scale) {
        double z = (value - mean) / scale;
        return Math.max(-LIMIT, Math.min(LIMIT, z));
    }
}
