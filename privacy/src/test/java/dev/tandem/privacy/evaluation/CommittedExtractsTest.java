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
    void textsWithoutPersonalDataAreFlaggedNoMoreOftenThanMeasured() {
        PrivacyEvaluationReport report = PrivacyEvaluation.of(
                        ScoredTypes.detected(PrivacyScanners.defaults()),
                        ScoredTypes.levels(),
                        SpanMatching.HALF_OVERLAP)
                .evaluate(DATASETS.resolve("no-personal-data.test.jsonl"));

        assertThat(report.texts()).isEqualTo(109);
        assertThat(report.textsWithDirectIdentifier()).isZero();
        // The target is at most 5% flagged high or restricted. Measured with the tagger: 9 of 109
        // (8.3%, target missed; "Sir Bot", "a Dockerfile", "SKU AB-1234-XL", "Adidas", "Roomba", "Peux-tu" as
        // people, parts of log timestamps and "A100 80GB" as postcodes); the first tagger flagged 8; 1 of 109
        // with the rules alone. Lower the bound when the scanner improves.
        assertThat(report.falseAlarmTexts()).isLessThanOrEqualTo(MEASURED_FALSE_ALARM_TEXTS);
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
     * ADDRESS recall of the default scanner on the extract: 198 of 300 with the trained tagger with word
     * clusters (210 with the first tagger, 11 with the rule-based recognizers alone); raise it when the
     * scanner improves.
     */
    private static final double MEASURED_ADDRESS_RECALL = 198 / 300.0;

    private static final int MEASURED_FALSE_ALARM_TEXTS = 9;
}
