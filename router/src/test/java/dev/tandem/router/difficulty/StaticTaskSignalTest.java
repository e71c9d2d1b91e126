package dev.tandem.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Signal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fast task signal: static vectors distilled from all-MiniLM-L6-v2 and the calibration fitted with them
 * on the real MMLU labels. It is coarser than the model (no word order, no context); these are the
 * properties it keeps.
 */
class StaticTaskSignalTest {

    private final CalibratedDifficultyEstimator estimator = CalibratedDifficultyEstimator.create(
            DifficultyConfig.custom().embeddingKind(EmbeddingKind.STATIC).build());

    @Test
    void theStaticSettingUsesTheStaticVectorsAndTheirCalibrationWhileTheDefaultIsTheFullModel() {
        assertThat(DifficultyConfig.ofDefaults().embeddingKind()).isEqualTo(EmbeddingKind.FULL);
        assertThat(estimator.config().embeddingKind()).isEqualTo(EmbeddingKind.STATIC);
        assertThat(estimator.calibration().embeddingKind()).isEqualTo(EmbeddingKind.STATIC);
        assertThat(estimator.calibration().embedding().orElseThrow().dimensions())
                .isEqualTo(128);
    }

    @Test
    void anOpenPromptIsScoredByLengthAloneAndAnExamQuestionByEverySignal() {
        Difficulty greeting = estimator.estimate("hi, how are you?");
        Difficulty proof = estimator.estimate("Prove step by step that the sum of the first n odd numbers is n^2,"
                + " then derive the integral of x^2 and analyze the complexity of computing it.");
        Difficulty exam = estimator.estimate("A ball is thrown upward at 20 m/s. Ignoring air resistance, how"
                + " long does it take to reach its highest point?\nA. 1 s\nB. 2 s\nC. 4 s\nD. 20 s\nAnswer:");

        assertThat(proof.score()).isGreaterThan(greeting.score());
        assertThat(proof.signals())
                .filteredOn(signal -> signal.contribution() != 0)
                .extracting(Signal::name)
                .containsExactly("length", "bias");
        assertThat(exam.signals())
                .filteredOn(signal -> signal.contribution() != 0)
                .extracting(Signal::name)
                .contains("options", CalibratedDifficultyEstimator.EMBEDDING);
    }

    @Test
    void almostEveryExemplarIsClassifiedAsItsOwnTaskType() {
        int total = 0;
        int right = 0;
        for (Map.Entry<String, List<String>> type :
                TaskExemplars.defaults().byType().entrySet()) {
            for (String exemplar : type.getValue()) {
                total++;
                if (estimator.features(exemplar).taskType().equals(Optional.of(type.getKey()))) {
                    right++;
                }
            }
        }

        assertThat(right).isGreaterThanOrEqualTo(total - 2);
    }

    @Test
    void newPromptsOfDistinctKindsAreClassifiedByTaskType() {
        Map<String, String> prompts = Map.of(
                "Please translate 'see you tomorrow' into German.", "translation",
                "Write a Java method that removes duplicates from a list.", "coding",
                "Solve 2x^2 - 8 = 0 for x.", "maths",
                "Write a poem about a fox in the snow.", "creative-writing");

        prompts.forEach((prompt, type) ->
                assertThat(estimator.features(prompt).taskType()).as(prompt).contains(type));
    }

    @Test
    void aCalibrationLearnedWithTheFullModelIsRefusedWithTheStaticOne() {
        DifficultyConfig config = DifficultyConfig.custom()
                .calibration(Calibration.builtIn(true))
                .embeddingKind(EmbeddingKind.STATIC)
                .build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CalibratedDifficultyEstimator.create(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the calibration was learned with the full embedding, the configuration uses the static"
                        + " one; calibrate again with --embedding static");
    }

    @Test
    void aCalibrationBringsTheEmbeddingItWasLearnedWith() {
        DifficultyConfig config =
                DifficultyConfig.custom().calibration(Calibration.builtIn(true)).build();

        assertThat(config.embeddingKind()).isEqualTo(EmbeddingKind.FULL);
    }

    @Test
    void theEmbeddingModelRoundTripsThroughTheCalibrationFile() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("calibration", ".json");
        Calibration.builtIn(EmbeddingKind.STATIC).write(file);

        assertThat(Calibration.load(file).embeddingKind()).isEqualTo(EmbeddingKind.STATIC);
        java.nio.file.Files.writeString(
                file, java.nio.file.Files.readString(file).replace("\"static\"", "\"medium\""));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Calibration.load(file))
                .hasMessage(file + ": embedding model must be 'static' or 'full', was 'medium'");
        java.nio.file.Files.delete(file);
    }
}
