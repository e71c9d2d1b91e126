package dev.tandem.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Signal;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;
import dev.tandem.router.difficulty.evaluation.RoutingOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in calibrations against the length-only router on real labels they were not fitted on:
 * {@code datasets/routing/mmlu-heldout.jsonl}, 1,003 MMLU questions with Mixtral-8x7B and GPT-4
 * correctness labels (RouteLLM, Apache-2.0), left out of the built-in fit with {@code calibrate --exclude}.
 */
class BuiltInCalibrationTest {

    private static final List<LabelledPrompt> HELD_OUT =
            LabelledPrompt.read(Path.of("..", "datasets", "routing", "mmlu-heldout.jsonl"), true);

    @Test
    void theFeaturesOnlyDefaultIsLengthOnlyAndRoutesAsLengthDoes() {
        // Without the embedding no candidate beat length only in cross-validation, so length only ships.
        CalibratedDifficultyEstimator estimator = CalibratedDifficultyEstimator.create(
                DifficultyConfig.custom().embedding(false).build());

        Comparison comparison = compare(estimator);

        assertThat(estimator.calibration().training()).containsEntry("model", "length");
        assertThat(comparison.builtIn().apgr())
                .isCloseTo(comparison.lengthOnly().apgr(), within(1e-9));
    }

    @Test
    void theDefaultRoutesHeldOutExamQuestionsBetterThanLength() {
        Comparison comparison = compare(CalibratedDifficultyEstimator.ofDefaults());

        assertThat(comparison.builtIn().apgr())
                .isGreaterThan(comparison.lengthOnly().apgr());
        assertThat(comparison.builtIn().auc())
                .isGreaterThan(comparison.lengthOnly().auc());
    }

    @Test
    void theDefaultScoresMathsWordProblemsByLengthOnly() {
        // No real maths word problem is among the labels it was fitted on.
        CalibratedDifficultyEstimator estimator = CalibratedDifficultyEstimator.ofDefaults();
        String shorter = "Ann has 12 pencils and gives 5 to Ben. How many pencils does she have left?";
        String longer = "Ann has 12 pencils and gives 5 to Ben. Ben already had 3 pencils and buys twice as many"
                + " again at the shop, where each pencil costs 2 dollars. How much did Ben pay in total?";

        Difficulty shortScore = estimator.estimate(shorter);
        Difficulty longScore = estimator.estimate(longer);

        assertThat(estimator.features(shorter).kind()).isEqualTo(PromptKind.MATHS_WORD_PROBLEM);
        assertThat(shortScore.signals())
                .filteredOn(signal -> signal.contribution() != 0)
                .extracting(Signal::name)
                .containsExactly("length", "bias");
        assertThat(longScore.score()).isGreaterThan(shortScore.score());
    }

    private record Comparison(RoutingEvaluation builtIn, RoutingEvaluation lengthOnly) {}

    private static Comparison compare(CalibratedDifficultyEstimator estimator) {
        List<RoutingOutcome> builtIn = new ArrayList<>();
        List<RoutingOutcome> byLength = new ArrayList<>();
        for (LabelledPrompt line : HELD_OUT) {
            DifficultyFeatures features = estimator.features(line.prompt());
            builtIn.add(
                    new RoutingOutcome(estimator.score(features).score(), line.smallCorrect(), line.largeCorrect()));
            byLength.add(new RoutingOutcome(
                    features.rawValue(DifficultyFeatures.LENGTH).orElseThrow(),
                    line.smallCorrect(),
                    line.largeCorrect()));
        }
        return new Comparison(RoutingEvaluation.of(builtIn), RoutingEvaluation.of(byLength));
    }
}
