package dev.tandem.router.difficulty.calibration;

/**
 * How {@link Calibrator} learns. Defaults: target local share 0.6, L2 penalty 1.0 on the signal
 * weights and 300 on the embedding weights (the embedding has 384 dimensions and overfits first; 300
 * had the best cross-validated APGR on the dev set), an embedding head when the estimator computes
 * embeddings, 5 cross-validation folds, fold seed 42.
 *
 * @param targetLocalShare the share of requests the threshold should serve locally, in [0, 1]
 * @param l2 the L2 penalty on signal weights (standardised), ≥ 0
 * @param embeddingL2 the L2 penalty on embedding weights (standardised), ≥ 0
 * @param embeddingHead whether to weigh the embedding's dimensions besides the signals
 * @param folds cross-validation folds for the reported curve, ≥ 2
 * @param seed the seed that assigns lines to folds
 */
public record CalibrationOptions(
        double targetLocalShare, double l2, double embeddingL2, boolean embeddingHead, int folds, long seed) {

    public CalibrationOptions {
        if (!(targetLocalShare >= 0 && targetLocalShare <= 1)) {
            throw new IllegalArgumentException("target local share must be in [0, 1], was " + targetLocalShare);
        }
        if (!(l2 >= 0) || !(embeddingL2 >= 0)) {
            throw new IllegalArgumentException("L2 penalties must not be negative, were " + l2 + " and " + embeddingL2);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, was " + folds);
        }
    }

    public static CalibrationOptions defaults() {
        return new CalibrationOptions(0.6, 1.0, 300.0, true, 5, 42);
    }

    public CalibrationOptions withTargetLocalShare(double share) {
        return new CalibrationOptions(share, l2, embeddingL2, embeddingHead, folds, seed);
    }

    public CalibrationOptions withEmbeddingHead(boolean enabled) {
        return new CalibrationOptions(targetLocalShare, l2, embeddingL2, enabled, folds, seed);
    }
}
