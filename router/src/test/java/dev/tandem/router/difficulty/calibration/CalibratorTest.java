package dev.tandem.router.difficulty.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.DifficultyConfig;
import dev.tandem.router.difficulty.PromptKind;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration on prompt features only (no embedding model), on a toy set that code separates. */
class CalibratorTest {

    private static final CalibratedDifficultyEstimator FEATURES = CalibratedDifficultyEstimator.create(
            DifficultyConfig.custom().embedding(false).build());

    private static final java.util.function.DoubleFunction<org.assertj.core.api.Condition<Double>> BELOW =
            threshold -> new org.assertj.core.api.Condition<>(score -> score < threshold, "below " + threshold);
    private static final java.util.function.DoubleFunction<org.assertj.core.api.Condition<Double>> ABOVE =
            threshold -> new org.assertj.core.api.Condition<>(score -> score >= threshold, "at or above " + threshold);

    @TempDir
    Path folder;

    @Test
    void learnsASeparableToySetAndItsThreshold() {
        List<LabelledPrompt> data = toySet();
        List<String> stages = new ArrayList<>();

        CalibrationResult result = Calibrator.of(
                        FEATURES, CalibrationOptions.defaults().withTargetLocalShare(0.5))
                .calibrate(data, (stage, done, total) -> {
                    if (done == total) {
                        stages.add(stage);
                    }
                });

        assertThat(result.crossValidated().auc()).isEqualTo(1.0);
        assertThat(result.expectedLocalShare()).isEqualTo(0.5);
        assertThat(result.qualityKept()).isEqualTo(1.0);
        assertThat(stages)
                .containsExactly(
                        "computing signals", "cross-validating length", "cross-validating features", "fitting");
        Calibration calibration = result.calibration();
        assertThat(weightOf(calibration, "code")).isGreaterThan(0.5);
        CalibratedDifficultyEstimator calibrated = CalibratedDifficultyEstimator.create(DifficultyConfig.custom()
                .embedding(false)
                .calibration(calibration)
                .build());
        assertThat(data)
                .allSatisfy(
                        line -> assertThat(calibrated.estimate(line.prompt()).score())
                                .as(line.prompt())
                                .is(
                                        line.smallCorrect()
                                                ? BELOW.apply(calibration.threshold())
                                                : ABOVE.apply(calibration.threshold())));
    }

    @Test
    void writesACalibrationFileThatLoadsBackTheSame() {
        Calibration calibration = Calibrator.of(FEATURES, CalibrationOptions.defaults())
                .calibrate(toySet(), CalibrationProgress.NONE)
                .calibration();
        Path file = folder.resolve("sub/calibration.json");

        calibration.write(file);
        Calibration loaded = Calibration.load(file);

        assertThat(loaded.features()).isEqualTo(calibration.features());
        assertThat(loaded.bias()).isEqualTo(calibration.bias());
        assertThat(loaded.threshold()).isEqualTo(calibration.threshold());
        assertThat(loaded.targetLocalShare()).isEqualTo(0.6);
        assertThat(loaded.needsEmbedding()).isFalse();
        assertThat(loaded.training()).containsEntry("lines", 40).containsEntry("target", "small model wrong");
        CalibratedDifficultyEstimator fromFile = CalibratedDifficultyEstimator.create(
                DifficultyConfig.custom().embedding(false).calibration(loaded).build());
        CalibratedDifficultyEstimator inMemory = CalibratedDifficultyEstimator.create(DifficultyConfig.custom()
                .embedding(false)
                .calibration(calibration)
                .build());
        assertThat(fromFile.estimate("int x = 1;").score())
                .isCloseTo(inMemory.estimate("int x = 1;").score(), within(1e-12));
    }

    @Test
    void refusesDataWithOneClass() {
        List<LabelledPrompt> allLocal = toySet().stream()
                .map(line -> new LabelledPrompt(line.prompt(), true, true, true))
                .toList();

        assertThatThrownBy(() -> Calibrator.of(FEATURES, CalibrationOptions.defaults())
                        .calibrate(allLocal, CalibrationProgress.NONE))
                .hasMessage("calibration needs lines the small model gets right and lines it gets wrong; all 40 are"
                        + " right (local)");
    }

    @Test
    void refusesFewerLinesThanFolds() {
        assertThatThrownBy(() -> Calibrator.of(FEATURES, CalibrationOptions.defaults())
                        .calibrate(toySet().subList(0, 3), CalibrationProgress.NONE))
                .hasMessage("calibration needs at least 5 labelled lines, got 3");
    }

    @Test
    void optionsQuoteBadValues() {
        assertThatThrownBy(() -> CalibrationOptions.defaults().withTargetLocalShare(1.2))
                .hasMessage("target local share must be in [0, 1], was 1.2");
        assertThatThrownBy(() -> CalibrationOptions.defaults().withPenalties(-1, 1))
                .hasMessage("L2 penalties must not be negative, were -1.0 and 1.0");
        assertThatThrownBy(() -> new CalibrationOptions(
                        0.5,
                        1,
                        1,
                        true,
                        1,
                        1,
                        java.util.Optional.empty(),
                        40,
                        5,
                        java.util.Set.of(),
                        Target.SMALL_WRONG))
                .hasMessage("cross-validation needs at least 2 folds, was 1");
    }

    @Test
    void aFileThatIsNotACalibrationIsNamed() throws Exception {
        Path file = folder.resolve("other.json");
        Files.writeString(file, "{\"format\": \"something-else\"}");

        assertThatThrownBy(() -> Calibration.load(file))
                .hasMessage(file + ": format is 'something-else', expected 'tandem-difficulty-calibration/1';"
                        + " write the file with tandem calibrate");
        assertThatThrownBy(() -> Calibration.load(folder.resolve("missing.json")))
                .hasMessageStartingWith("calibration file " + folder.resolve("missing.json") + " does not exist");
    }

    @Test
    void reportsEveryCandidateAndChoosesTheBestOverLengthOnly() {
        CalibrationResult result =
                Calibrator.of(FEATURES, CalibrationOptions.defaults()).calibrate(toySet(), CalibrationProgress.NONE);

        assertThat(result.candidates())
                .extracting(CandidateResult::candidate)
                .containsExactly(Candidate.LENGTH, Candidate.FEATURES);
        assertThat(result.candidates().get(1).randomFolds().auc()).isEqualTo(1.0);
        assertThat(result.candidates().get(0).randomFolds().auc()).isLessThan(1.0);
        assertThat(result.chosen()).isEqualTo(Candidate.FEATURES);
        assertThat(result.calibration().training()).containsEntry("model", "features");
        assertThat(result.candidates())
                .allSatisfy(c -> assertThat(c.sourceFolds()).isEmpty());
    }

    @Test
    void scoresKindsTheDataDoesNotHoldByLengthOnly() {
        Calibration calibration = Calibrator.of(FEATURES, CalibrationOptions.defaults())
                .calibrate(toySet(), CalibrationProgress.NONE)
                .calibration();
        CalibratedDifficultyEstimator calibrated = CalibratedDifficultyEstimator.create(DifficultyConfig.custom()
                .embedding(false)
                .calibration(calibration)
                .build());
        String shortProblem = "Tom has 3 apples and buys 5 more. How many apples does he have?";
        String longProblem = "Tom has 3 apples and buys 5 more. Each apple costs 2 dollars and he pays with a 20"
                + " dollar note at the market on the corner of the street. How much change does he get back?";

        assertThat(calibration.segments()).containsOnlyKeys(PromptKind.MULTIPLE_CHOICE, PromptKind.MATHS_WORD_PROBLEM);
        assertThat(calibrated.estimate(shortProblem).signals())
                .filteredOn(signal -> signal.contribution() != 0)
                .extracting(dev.tandem.core.assessment.Signal::name)
                .containsExactly("length", "bias");
        assertThat(calibrated.estimate(longProblem).score())
                .isGreaterThan(calibrated.estimate(shortProblem).score());
        assertThat(Calibration.load(write(calibration)).segments()).isEqualTo(calibration.segments());
    }

    @Test
    void scoresAKindTheOptionsNameByLengthOnly() {
        Calibration calibration = Calibrator.of(
                        FEATURES, CalibrationOptions.defaults().withLengthOnly(java.util.Set.of(PromptKind.OPEN)))
                .calibrate(toySet(), CalibrationProgress.NONE)
                .calibration();

        assertThat(calibration.segments()).containsKey(PromptKind.OPEN);
    }

    @Test
    void holdsOutWholeSourcesAndComparesEachWithLengthOnlyOnRealLabels() {
        // 1,003 MMLU questions with Mixtral-8x7B and GPT-4 correctness labels (RouteLLM, Apache-2.0).
        List<LabelledPrompt> mmlu =
                LabelledPrompt.read(Path.of("..", "datasets", "routing", "mmlu-heldout.jsonl"), true);

        // The prompt signals, named: on 1,003 lines the choice between them and length only is noise.
        CalibrationResult result = Calibrator.of(
                        FEATURES, CalibrationOptions.defaults().withModel(Candidate.FEATURES))
                .calibrate(mmlu, CalibrationProgress.NONE);

        assertThat(result.candidates())
                .allSatisfy(c -> assertThat(c.sourceFolds()).isPresent());
        assertThat(result.sources()).as("subjects where the two models differ").hasSizeGreaterThan(30);
        assertThat(result.sources())
                .allSatisfy(source -> assertThat(source.group()).startsWith("mmlu:"));
        assertThat(result.kinds()).extracting(GroupComparison::group).containsExactly("kind:multiple-choice");
        assertThat(result.calibration().segments()).containsKey(PromptKind.MATHS_WORD_PROBLEM);
    }

    private Path write(Calibration calibration) {
        Path file = folder.resolve("segments.json");
        calibration.write(file);
        return file;
    }

    /** Twenty chatty prompts the small model gets right, twenty code prompts it gets wrong. */
    static List<LabelledPrompt> toySet() {
        List<LabelledPrompt> data = new ArrayList<>();
        String[] chat = {
            "hello",
            "good morning",
            "thanks a lot",
            "how are you",
            "nice day",
            "see you soon",
            "lovely weather",
            "have fun",
            "what a game",
            "cheers"
        };
        String[] code = {
            "def f(x):\n    return x;",
            "int x = null;",
            "const y = f();",
            "SELECT a FROM t;",
            "import os\nreturn os.getcwd();",
            "fn main() { let x = 1; }",
            "class A { void f() {} }",
            "public static void main(String[] a) {}",
            "let z = g(); return z;",
            "#include <stdio.h>\nint main() {}"
        };
        for (int i = 0; i < 20; i++) {
            data.add(new LabelledPrompt(chat[i % 10] + (i >= 10 ? "!" : ""), true, true, false));
            data.add(new LabelledPrompt(code[i % 10] + (i >= 10 ? " " : ""), false, true, false));
        }
        return data;
    }

    private static double weightOf(Calibration calibration, String name) {
        return calibration.features().stream()
                .filter(feature -> feature.name().equals(name))
                .findFirst()
                .orElseThrow()
                .weight();
    }
}
