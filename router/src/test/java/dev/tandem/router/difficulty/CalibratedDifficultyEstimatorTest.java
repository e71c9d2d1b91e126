package dev.tandem.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.router.difficulty.internal.SentenceEmbeddings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The estimator on the real all-MiniLM-L6-v2 model (loaded once per JVM) and its built-in calibration; the
 * default static task signal has its own test, {@link StaticTaskSignalTest}.
 */
class CalibratedDifficultyEstimatorTest {

    private static CalibratedDifficultyEstimator estimator;
    private static final CalibratedDifficultyEstimator FEATURES_ONLY = CalibratedDifficultyEstimator.create(
            DifficultyConfig.custom().embedding(false).build());

    @BeforeAll
    static void loadModel() {
        estimator = CalibratedDifficultyEstimator.create(DifficultyConfig.custom()
                        .embeddingKind(EmbeddingKind.FULL)
                        .build())
                .warmUp();
    }

    private static final String EXAM_QUESTION = "A ball is thrown upward at 20 m/s. Ignoring air resistance, how"
            + " long does it take to reach its highest point?\nA. 1 s\nB. 2 s\nC. 4 s\nD. 20 s\nAnswer:";

    @Test
    void anOpenPromptIsScoredByLengthAloneSinceNoRealLabelsValidatedMore() {
        Difficulty greeting = estimator.estimate("hi, how are you?");
        Difficulty proof = estimator.estimate("Prove step by step that the sum of the first n odd numbers is n^2,"
                + " then derive the integral of x^2 and analyze the complexity of computing it.");

        assertThat(proof.score()).isGreaterThan(greeting.score());
        assertThat(proof.signals())
                .filteredOn(signal -> signal.contribution() != 0)
                .extracting(Signal::name)
                .containsExactly("length", "bias");
    }

    @Test
    void theScoreOfAnExamQuestionIsTheSigmoidOfEverySignalsContribution() {
        Difficulty difficulty = estimator.estimate(EXAM_QUESTION);

        double logit =
                difficulty.signals().stream().mapToDouble(Signal::contribution).sum();
        assertThat(estimator.features(EXAM_QUESTION).kind()).isEqualTo(PromptKind.MULTIPLE_CHOICE);
        assertThat(difficulty.score()).isCloseTo(1 / (1 + Math.exp(-logit)), within(1e-12));
        assertThat(difficulty.signals())
                .extracting(Signal::name)
                .startsWith(DifficultyFeatures.PROMPT_SIGNALS.toArray(String[]::new))
                .contains("options", "task.maths", CalibratedDifficultyEstimator.EMBEDDING)
                .endsWith(CalibratedDifficultyEstimator.BIAS);
    }

    @Test
    void codeIsClassifiedAsCoding() {
        assertThat(estimator
                        .features("Why does this fail?\n\n```java\nint x = null;\n```")
                        .taskType())
                .contains("coding");
    }

    @Test
    void withoutTheEmbeddingTheDefaultWeighsLengthOnly() {
        Difficulty arithmetic = FEATURES_ONLY.estimate("What is 2 plus 2?");
        Difficulty calculus =
                FEATURES_ONLY.estimate("Compute the integral of x^2 e^x and prove the result by induction.");

        assertThat(calculus.score()).isGreaterThan(arithmetic.score());
        assertThat(calculus.signals())
                .filteredOn(signal -> signal.contribution() != 0)
                .extracting(Signal::name)
                .containsExactly("length", "bias");
    }

    @Test
    void aScriptTheLocalTokenizerShattersPaysATax() {
        DifficultyFeatures english = FEATURES_ONLY.features("What is the capital of China?");
        DifficultyFeatures chinese = FEATURES_ONLY.features("中国的首都是哪里？请简单回答。");

        assertThat(english.rawValue(DifficultyFeatures.TOKEN_TAX)).contains(1.0);
        assertThat(english.rawValue(DifficultyFeatures.NON_LATIN)).contains(0.0);
        assertThat(chinese.rawValue(DifficultyFeatures.TOKEN_TAX).orElseThrow()).isGreaterThan(1.7);
        assertThat(chinese.rawValue(DifficultyFeatures.NON_LATIN)).contains(1.0);
        assertThat(FEATURES_ONLY.score(chinese).score())
                .isGreaterThan(FEATURES_ONLY.score(english).score());
    }

    @Test
    void theLocalTokenizerIsInjectable() {
        CalibratedDifficultyEstimator shattering = CalibratedDifficultyEstimator.create(DifficultyConfig.custom()
                .embedding(false)
                .localTokenizer(text -> text.length() * 4)
                .build());

        DifficultyFeatures features = shattering.features("hello there, how are you doing today?");

        assertThat(features.rawValue(DifficultyFeatures.TOKEN_TAX).orElseThrow())
                .isGreaterThan(14.0);
        assertThat(features.value(DifficultyFeatures.TOKEN_TAX)).contains(1.0);
    }

    @Test
    void aSignalFarOutsideItsTrainingSpreadCountsForAtMostFourScales() {
        // The built-in calibration's token tax: English exam questions barely spread it (scale 0.0074).
        Calibration taxOnly = Calibration.of(
                List.of(new Calibration.FeatureWeight(DifficultyFeatures.TOKEN_TAX, 0.0015, 0.0074, 0.5)),
                Optional.empty(),
                0,
                0.4,
                0.6,
                Map.of());
        CalibratedDifficultyEstimator shattering = CalibratedDifficultyEstimator.create(DifficultyConfig.custom()
                .embedding(false)
                .localTokenizer(text -> text.length() * 4)
                .calibration(taxOnly)
                .build());

        Difficulty difficulty = shattering.estimate("hello there, how are you doing today?");

        assertThat(difficulty.signals())
                .filteredOn(signal -> signal.name().equals(DifficultyFeatures.TOKEN_TAX))
                .singleElement()
                .satisfies(signal -> assertThat(signal.contribution()).isCloseTo(0.5 * 4, within(1e-9)));
        assertThat(difficulty.score()).isCloseTo(1 / (1 + Math.exp(-2.0)), within(1e-9));
        assertThat(difficulty.calibratedThreshold()).hasValue(0.4);
    }

    @Test
    void contextFitComparesPromptAndExpectedOutputWithTheLocalWindow() {
        CalibratedDifficultyEstimator small = CalibratedDifficultyEstimator.create(DifficultyConfig.custom()
                .embedding(false)
                .localContextWindow(1000)
                .build());

        DifficultyFeatures features = small.features(request(ChatRequest.builder()
                .messages(UserMessage.from("a".repeat(1600)))
                .maxOutputTokens(500)));

        // 1,600 ASCII characters at 0.25 tokens each, 4 template tokens, 500 output tokens.
        assertThat(features.rawValue(DifficultyFeatures.CONTEXT_FIT)).contains(0.904);
        assertThat(features.rawValue(DifficultyFeatures.OUTPUT_LENGTH)).contains(500.0);
    }

    @Test
    void theRequestedOutputLengthIsReadFromThePrompt() {
        assertThat(FEATURES_ONLY
                        .features("Write an essay on tides in 600 words.")
                        .rawValue("output_length"))
                .contains(800.0);
        assertThat(FEATURES_ONLY.features("Answer yes or no: is water wet?").rawValue("output_length"))
                .contains(32.0);
    }

    @Test
    void depthCountsEarlierUserTurnsButOnlyTheLastIsRead() {
        DifficultyFeatures features = FEATURES_ONLY.features(request(ChatRequest.builder()
                .messages(
                        UserMessage.from("Prove Fermat's last theorem step by step."),
                        AiMessage.from("..."),
                        UserMessage.from("thanks"))));

        assertThat(features.rawValue(DifficultyFeatures.DEPTH)).contains(1.0);
        assertThat(features.rawValue(DifficultyFeatures.REASONING)).contains(0.0);
    }

    @Test
    void everyExemplarIsClassifiedAsItsOwnTaskType() {
        TaskExemplars exemplars = TaskExemplars.defaults();
        int total = 0;
        int right = 0;
        for (Map.Entry<String, List<String>> type : exemplars.byType().entrySet()) {
            for (String exemplar : type.getValue()) {
                total++;
                if (estimator.features(exemplar).taskType().equals(Optional.of(type.getKey()))) {
                    right++;
                }
            }
        }

        assertThat(right).isEqualTo(total);
    }

    @Test
    void newPromptsAreClassifiedByTaskType() {
        Map<String, String> prompts = Map.of(
                "Hey! How was your holiday?", "chit-chat",
                "Who was the first woman to win a Nobel prize?", "factual-lookup",
                "Please translate 'see you tomorrow' into German.", "translation",
                "Write a Java method that removes duplicates from a list.", "coding",
                "Solve 2x^2 - 8 = 0 for x.", "maths",
                "Write a poem about a fox in the snow.", "creative-writing");

        prompts.forEach((prompt, type) ->
                assertThat(estimator.features(prompt).taskType()).as(prompt).contains(type));
    }

    @Test
    void repeatedPromptsAreEmbeddedOnce() {
        CountingModel counting = new CountingModel(SentenceEmbeddings.shared());
        CalibratedDifficultyEstimator cached = CalibratedDifficultyEstimator.create(
                DifficultyConfig.custom().embeddingModel(counting).build());
        cached.warmUp();
        int afterExemplars = counting.calls.get();

        Difficulty first = cached.estimate("What is the boiling point of water?");
        Difficulty second = cached.estimate("What is the boiling point of water?");

        assertThat(counting.calls.get() - afterExemplars).isEqualTo(1);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aCalibrationThatNeedsTheEmbeddingIsRefusedWhenItIsOff() {
        DifficultyConfig config = DifficultyConfig.custom()
                .embedding(false)
                .calibration(Calibration.builtIn(true))
                .build();

        assertThatThrownBy(() -> CalibratedDifficultyEstimator.create(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the calibration weighs task types or the embedding, but the embedding signal is off;"
                        + " turn it on, or calibrate with --no-embedding");
    }

    @Test
    void aCalibrationForOtherTaskTypesIsRefused() {
        DifficultyConfig config = DifficultyConfig.custom()
                .taskExemplars(TaskExemplars.builder()
                        .add("legal", List.of("Draft a lease."))
                        .build())
                .calibration(Calibration.of(
                        List.of(new Calibration.FeatureWeight("task.coding", 0, 1, 1)),
                        Optional.empty(),
                        0,
                        0.5,
                        0.6,
                        Map.of()))
                .build();

        assertThatThrownBy(() -> CalibratedDifficultyEstimator.create(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "the calibration weighs signals this configuration does not compute: [task.coding]");
    }

    @Test
    void configValidationQuotesTheValue() {
        assertThatThrownBy(() -> DifficultyConfig.custom().localContextWindow(0))
                .hasMessage("local context window must be at least 1 token, was 0");
        assertThatThrownBy(() -> DifficultyConfig.custom().defaultOutputTokens(-1))
                .hasMessage("default output tokens must not be negative, was -1");
        assertThatThrownBy(() -> DifficultyConfig.custom().embeddingCacheSize(-5))
                .hasMessage("embedding cache size must not be negative, was -5");
        assertThatThrownBy(() -> DifficultyConfig.custom().embeddingInputChars(10))
                .hasMessage("embedding input must be at least 64 characters, was 10");
        assertThatThrownBy(() -> TaskExemplars.builder().add("Bad Name", List.of("x")))
                .hasMessage("task type 'Bad Name' must match [a-z][a-z0-9-]*");
        assertThatThrownBy(() -> TaskExemplars.builder().add("empty", List.of()).build())
                .hasMessage("task type 'empty' has no exemplar; add at least one example prompt");
    }

    private static TandemRequest request(ChatRequest.Builder builder) {
        return TandemRequest.of(builder.build(), CallerMetadata.none());
    }

    /** The real model, counting the texts it embeds. */
    private static final class CountingModel implements EmbeddingModel {
        private final EmbeddingModel delegate;
        final AtomicInteger calls = new AtomicInteger();

        CountingModel(EmbeddingModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            calls.addAndGet(segments.size());
            return delegate.embedAll(segments);
        }
    }
}
