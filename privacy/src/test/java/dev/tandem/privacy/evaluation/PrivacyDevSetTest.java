package dev.tandem.privacy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.privacy.PrivacyScanners;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PrivacyDevSetTest {

    private static final Path DATASETS = Path.of("..", "datasets", "privacy");

    @Test
    void committedDevSetIsWhatTheGeneratorWrites() throws IOException {
        String expected =
                PrivacyDevSetGenerator.generate(PrivacyDevSetGenerator.DEV_SEED, PrivacyDevSetGenerator.TEXTS);

        String committed = Files.readString(DATASETS.resolve("dev.jsonl"), StandardCharsets.UTF_8);

        assertThat(committed).isEqualTo(expected);
    }

    @Test
    void committedHoldoutSetIsWhatTheGeneratorWrites() throws IOException {
        String expected =
                PrivacyDevSetGenerator.generate(PrivacyDevSetGenerator.HOLDOUT_SEED, PrivacyDevSetGenerator.TEXTS);

        String committed = Files.readString(DATASETS.resolve("holdout.jsonl"), StandardCharsets.UTF_8);

        assertThat(committed).isEqualTo(expected);
    }

    @Test
    void defaultScannerMeetsTheLeakAndFalseAlarmTargetsOnTheDevSet() {
        PrivacyEvaluation evaluation = PrivacyEvaluation.of(PrivacyScanners.defaults());

        PrivacyEvaluationReport report = evaluation.evaluate(DATASETS.resolve("dev.jsonl"));

        System.out.print(report.renderTable());
        assertThat(report.texts()).isEqualTo(PrivacyDevSetGenerator.TEXTS);
        assertThat(report.leakRate()).isLessThan(0.01);
        assertThat(report.falseAlarmRate()).isLessThan(0.10);
    }
}
