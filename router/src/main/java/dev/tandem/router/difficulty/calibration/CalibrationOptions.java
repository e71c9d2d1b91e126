package dev.tandem.router.difficulty.calibration;

import static java.util.Objects.requireNonNull;

import dev.tandem.router.difficulty.PromptKind;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link Calibrator} learns. Defaults: target local share 0.6, L2 penalty 1.0 on the signal
 * weights and 300 on the embedding weights (the embedding has 384 dimensions and overfits first), the
 * embedding head among the candidates when the estimator computes embeddings, the model chosen by
 * cross-validation, 40 neighbours with a prior worth 5 of them, 5 cross-validation folds, fold seed 42.
 *
 * @param targetLocalShare the share of requests the threshold should serve locally, in [0, 1]
 * @param l2 the L2 penalty on signal weights (standardised), ≥ 0
 * @param embeddingL2 the L2 penalty on embedding weights (standardised), ≥ 0
 * @param embeddingHead whether the embedding head is a candidate
 * @param folds cross-validation folds, ≥ 2
 * @param seed the seed that assigns lines to random folds
 * @param model the model to fit, or empty to choose the best candidate by cross-validation
 * @param neighbours how many nearest labelled prompts the neighbour candidates look at, ≥ 1
 * @param neighbourPrior how many lines' worth of the overall wrong rate a neighbour share starts from, ≥ 0
 * @param lengthOnly prompt kinds to score by length only whatever the validation says (kinds whose
 *     labels cannot be trusted, such as synthetic ones)
 * @param target what the score predicts
 */
public record CalibrationOptions(
        double targetLocalShare,
        double l2,
        double embeddingL2,
        boolean embeddingHead,
        int folds,
        long seed,
        Optional<Candidate> model,
        int neighbours,
        double neighbourPrior,
        Set<PromptKind> lengthOnly,
        Target target) {

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
        requireNonNull(model, "model");
        if (neighbours < 1) {
            throw new IllegalArgumentException("neighbours must be at least 1, was " + neighbours);
        }
        if (!(neighbourPrior >= 0)) {
            throw new IllegalArgumentException("the neighbour prior must not be negative, was " + neighbourPrior);
        }
        lengthOnly = Set.copyOf(lengthOnly);
        requireNonNull(target, "target");
    }

    public static CalibrationOptions defaults() {
        return new CalibrationOptions(
                0.6, 1.0, 300.0, true, 5, 42, Optional.empty(), 40, 5, Set.of(), Target.SMALL_WRONG);
    }

    public CalibrationOptions withTargetLocalShare(double share) {
        return new CalibrationOptions(
                share,
                l2,
                embeddingL2,
                embeddingHead,
                folds,
                seed,
                model,
                neighbours,
                neighbourPrior,
                lengthOnly,
                target);
    }

    public CalibrationOptions withEmbeddingHead(boolean enabled) {
        return new CalibrationOptions(
                targetLocalShare,
                l2,
                embeddingL2,
                enabled,
                folds,
                seed,
                model,
                neighbours,
                neighbourPrior,
                lengthOnly,
                target);
    }

    public CalibrationOptions withPenalties(double l2, double embeddingL2) {
        return new CalibrationOptions(
                targetLocalShare,
                l2,
                embeddingL2,
                embeddingHead,
                folds,
                seed,
                model,
                neighbours,
                neighbourPrior,
                lengthOnly,
                target);
    }

    /** Fits this model instead of choosing one (the candidates are still cross-validated and reported). */
    public CalibrationOptions withModel(Candidate candidate) {
        return new CalibrationOptions(
                targetLocalShare,
                l2,
                embeddingL2,
                embeddingHead,
                folds,
                seed,
                Optional.of(candidate),
                neighbours,
                neighbourPrior,
                lengthOnly,
                target);
    }

    /** Scores these kinds of prompt by length only. */
    public CalibrationOptions withLengthOnly(Set<PromptKind> kinds) {
        return new CalibrationOptions(
                targetLocalShare,
                l2,
                embeddingL2,
                embeddingHead,
                folds,
                seed,
                model,
                neighbours,
                neighbourPrior,
                kinds,
                target);
    }

    /** Predicts this target. */
    public CalibrationOptions withTarget(Target target) {
        return new CalibrationOptions(
                targetLocalShare,
                l2,
                embeddingL2,
                embeddingHead,
                folds,
                seed,
                model,
                neighbours,
                neighbourPrior,
                lengthOnly,
                target);
    }
}
