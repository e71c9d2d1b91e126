package dev.tandem.router.difficulty.calibration;

import static java.util.Objects.requireNonNull;

import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;

/**
 * What {@link Calibrator#calibrate} learned and how well it is expected to do.
 *
 * @param calibration the weights and threshold, fitted on every line
 * @param crossValidated the routing evaluation of out-of-fold scores: each line scored by a model that
 *     did not see it, so its curve is an honest estimate for new traffic like the training data
 * @param expectedLocalShare the share of the training lines that score below the threshold
 * @param qualityKept the cross-validated quality at that share, relative to all-remote
 */
public record CalibrationResult(
        Calibration calibration, RoutingEvaluation crossValidated, double expectedLocalShare, double qualityKept) {

    public CalibrationResult {
        requireNonNull(calibration, "calibration");
        requireNonNull(crossValidated, "crossValidated");
    }
}
