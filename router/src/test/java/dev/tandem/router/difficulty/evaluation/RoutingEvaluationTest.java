package dev.tandem.router.difficulty.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingEvaluationTest {

    // Sorted by score: a (both right), b (only large right), c (both right), d (both wrong).
    private static final List<RoutingOutcome> FOUR = List.of(
            new RoutingOutcome(0.3, true, true),
            new RoutingOutcome(0.1, true, true),
            new RoutingOutcome(0.4, false, false),
            new RoutingOutcome(0.2, false, true));

    @Test
    void matchesTheHandComputedExample() {
        RoutingEvaluation evaluation = RoutingEvaluation.of(FOUR);

        // Small wrong on b (0.2) and d (0.4); right on a (0.1) and c (0.3): b>a, d>a, d>c but not b>c.
        assertThat(evaluation.auc()).isEqualTo(0.75);
        assertThat(evaluation.allLocalQuality()).isEqualTo(0.5);
        assertThat(evaluation.allRemoteQuality()).isEqualTo(0.75);
        // Quality with k local: 0.75, 0.75, 0.5, 0.5, 0.5; PGR: 1, 1, 0, 0, 0.
        assertThat(evaluation.qualityAt(0.25)).isEqualTo(0.75);
        assertThat(evaluation.qualityAt(0.5)).isEqualTo(0.5);
        assertThat(evaluation.qualityAt(0.375)).isEqualTo(0.625);
        // Trapezoids over remote share: (1+1)/2, (1+0)/2, 0, 0 -> 1.5 / 4.
        assertThat(evaluation.apgr()).isEqualTo(0.375);
        // 80%: 0.6 is reached 0.6 of the way from k=1 (0.75) to k=2 (0.5): (1 + 0.6) / 4.
        assertThat(evaluation.localShareKeeping(0.80)).isCloseTo(0.4, within(1e-12));
        assertThat(evaluation.localShareKeeping(0.95)).isCloseTo(0.2875, within(1e-12));
    }

    @Test
    void theRandomRouterIsTheStraightLine() {
        RoutingEvaluation evaluation = RoutingEvaluation.of(FOUR);

        assertThat(evaluation.randomApgr()).isEqualTo(0.5);
        assertThat(evaluation.randomQualityAt(0.5)).isEqualTo(0.625);
        // (1 - 0.8) * 0.75 / 0.25 and (1 - 0.95) * 0.75 / 0.25.
        assertThat(evaluation.randomLocalShareKeeping(0.80)).isCloseTo(0.6, within(1e-12));
        assertThat(evaluation.randomLocalShareKeeping(0.95)).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void aConstantScoreIsExactlyRandom() {
        List<RoutingOutcome> tied = FOUR.stream()
                .map(outcome -> new RoutingOutcome(0.5, outcome.smallCorrect(), outcome.largeCorrect()))
                .toList();

        RoutingEvaluation evaluation = RoutingEvaluation.of(tied);

        assertThat(evaluation.auc()).isEqualTo(0.5);
        assertThat(evaluation.apgr()).isCloseTo(0.5, within(1e-12));
        assertThat(evaluation.qualityAt(0.5)).isCloseTo(evaluation.randomQualityAt(0.5), within(1e-12));
    }

    @Test
    void aPerfectScoreRecoversTheWholeGapEarly() {
        List<RoutingOutcome> outcomes = List.of(
                new RoutingOutcome(0.9, false, true),
                new RoutingOutcome(0.1, true, true),
                new RoutingOutcome(0.2, true, true),
                new RoutingOutcome(0.3, true, true));

        RoutingEvaluation evaluation = RoutingEvaluation.of(outcomes);

        assertThat(evaluation.auc()).isEqualTo(1.0);
        // PGR is 1 until the last request goes local: trapezoids 1, 1, 1, 0.5 over 4.
        assertThat(evaluation.apgr()).isEqualTo(0.875);
        // 95%: reached 0.2 of the way from k=3 (1.0) to k=4 (0.75).
        assertThat(evaluation.localShareKeeping(0.95)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void theThresholdServesTheTargetShareLocally() {
        RoutingEvaluation evaluation = RoutingEvaluation.of(FOUR);

        double threshold = evaluation.thresholdForLocalShare(0.5);

        assertThat(threshold).isCloseTo(0.25, within(1e-12));
        assertThat(evaluation.localShareBelow(threshold)).isEqualTo(0.5);
    }

    @Test
    void rejectsAnEmptySetAndSharesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> RoutingEvaluation.of(List.of()))
                .hasMessage("cannot evaluate a router on no labelled requests");
        assertThatThrownBy(() -> RoutingEvaluation.of(FOUR).qualityAt(1.5))
                .hasMessage("local share must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> new RoutingOutcome(Double.NaN, true, true))
                .hasMessage("score must be finite, was NaN");
    }
}
