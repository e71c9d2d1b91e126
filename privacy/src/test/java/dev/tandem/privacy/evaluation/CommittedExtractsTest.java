package dev.tandem.privacy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.privacy.PrivacyScanners;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Regression checks on the small extracts committed in {@code datasets/privacy}: the first 300 texts of
 * the generated multilingual address test set ({@code tandem eval privacy --write-generated}), and the
 * hand-written texts without personal data. The full figures come from {@code tandem eval privacy}.
 */
class CommittedExtractsTest {

    private static final Path DATASETS = Path.of("..", "datasets", "privacy");

    @Test
    void textsWithoutPersonalDataAreRarelyFlagged() {
        PrivacyEvaluationReport report = PrivacyEvaluation.of(
                        ScoredTypes.detected(PrivacyScanners.defaults()),
                        ScoredTypes.levels(),
                        SpanMatching.HALF_OVERLAP)
                .evaluate(DATASETS.resolve("no-personal-data.test.jsonl"));

        assertThat(report.texts()).isEqualTo(109);
        assertThat(report.textsWithDirectIdentifier()).isZero();
        // Target <= 5% flagged high or restricted; measured 1 of 109 ("Thanks Sir Bot").
        assertThat(report.falseAlarmRate()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void addressRecallOnTheExtractDoesNotFallBelowItsMeasuredValue() {
        PrivacyEvaluationReport report = PrivacyEvaluation.of(
                        ScoredTypes.detected(PrivacyScanners.defaults()),
                        ScoredTypes.levels(),
                        SpanMatching.HALF_OVERLAP)
                .evaluate(DATASETS.resolve("addresses-extract.jsonl"));

        assertThat(report.texts()).isEqualTo(300);
        assertThat(report.metrics(ScoredTypes.ADDRESS).gold()).isEqualTo(300);
        assertThat(report.metrics(ScoredTypes.ADDRESS).recall()).isGreaterThanOrEqualTo(MEASURED_ADDRESS_RECALL);
    }

    /**
     * ADDRESS recall of the default scanner on the extract when it was committed (11 of 300, with the
     * rule-based recognizers alone); raise it when the scanner improves.
     */
    private static final double MEASURED_ADDRESS_RECALL = 11 / 300.0;
}
