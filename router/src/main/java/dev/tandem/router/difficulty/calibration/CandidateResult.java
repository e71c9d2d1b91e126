package dev.tandem.router.difficulty.calibration;

import static java.util.Objects.requireNonNull;

import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;
import java.util.Optional;

/**
 * How one candidate model routed the calibration data when each line was scored by a model that did not
 * see it.
 *
 * @param randomFolds lines assigned to folds at random
 * @param sourceFolds whole sources held out together (each source's lines in one fold), when the data names
 *     enough sources: how the model does on a kind of prompt it has not seen
 */
public record CandidateResult(
        Candidate candidate, RoutingEvaluation randomFolds, Optional<RoutingEvaluation> sourceFolds) {

    public CandidateResult {
        requireNonNull(candidate, "candidate");
        requireNonNull(randomFolds, "randomFolds");
        requireNonNull(sourceFolds, "sourceFolds");
    }

    /** The APGR the choice is made on: the mean of both fold schemes, or the random folds alone. */
    public double selectionApgr() {
        return sourceFolds
                .map(bySource -> (bySource.apgr() + randomFolds.apgr()) / 2)
                .orElse(randomFolds.apgr());
    }
}
