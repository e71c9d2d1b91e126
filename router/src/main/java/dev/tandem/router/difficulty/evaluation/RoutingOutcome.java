package dev.tandem.router.difficulty.evaluation;

/**
 * One labelled request as a router evaluation sees it: its difficulty score and whether each model
 * answered it correctly.
 */
public record RoutingOutcome(double score, boolean smallCorrect, boolean largeCorrect) {

    public RoutingOutcome {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, was " + score);
        }
    }
}
