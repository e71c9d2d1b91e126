package dev.tandem.router.difficulty.calibration;

import static java.util.Objects.requireNonNull;

import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;
import java.util.List;
import java.util.Map;

/**
 * What {@link Calibrator#calibrate} learned and how well it is expected to do.
 *
 * @param calibration the weights and threshold, fitted on every line
 * @param crossValidated the routing evaluation of the chosen model's out-of-fold scores (random folds,
 *     length only on the kinds it falls back on): each line scored by a model that did not see it
 * @param expectedLocalShare the share of the training lines that score below the threshold
 * @param qualityKept the cross-validated quality at that share, relative to all-remote
 * @param chosen the model the calibration holds
 * @param candidates every candidate's cross-validated routing, length only first
 * @param sources per named source, the chosen model against length only on held-out folds
 * @param kinds per prompt kind with enough lines, the chosen model against length only on held-out folds
 * @param signals each signal alone as the score (higher goes remote first), in signal order: which carry
 *     information on these labels
 */
public record CalibrationResult(
        Calibration calibration,
        RoutingEvaluation crossValidated,
        double expectedLocalShare,
        double qualityKept,
        Candidate chosen,
        List<CandidateResult> candidates,
        List<GroupComparison> sources,
        List<GroupComparison> kinds,
        Map<String, RoutingEvaluation> signals) {

    public CalibrationResult {
        requireNonNull(calibration, "calibration");
        requireNonNull(crossValidated, "crossValidated");
        requireNonNull(chosen, "chosen");
        candidates = List.copyOf(candidates);
        sources = List.copyOf(sources);
        kinds = List.copyOf(kinds);
        signals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(signals));
    }
}
