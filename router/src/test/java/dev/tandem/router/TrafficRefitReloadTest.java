package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.DifficultyConfig;
import dev.tandem.router.difficulty.StaticEmbeddingModel;
import dev.tandem.router.difficulty.calibration.CalibrationOptions;
import dev.tandem.router.difficulty.calibration.CalibrationProgress;
import dev.tandem.router.difficulty.calibration.Calibrator;
import dev.tandem.router.learn.TrafficLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels learned from traffic, refit, and the refit taken up by a policy reload. */
class TrafficRefitReloadTest {

    private static final String PROMPT = "Which planet is known as the red planet?";

    @TempDir
    Path work;

    @Test
    void aCalibrationRefitFromTrafficIsPickedUpByAPolicyReload() throws Exception {
        AtomicReference<Policy> policy = new AtomicReference<>(policy(""));
        TandemRouter router = TandemRouter.builder()
                .policySource(policy::get)
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "Mars"))
                        .build())
                .tier(Tier.remote("remote", FakeChatModel.answering("big", "Mars"))
                        .build())
                .build();
        double before = bias(router);
        int cachedBefore = CalibratedDifficultyEstimator.ofDefaults().cachedEmbeddings();

        Calibration refit = refitFrom(trafficStore());
        Path file = work.resolve("refit.json");
        refit.write(file);
        policy.set(policy("assessment: {difficulty: {calibration-file: " + file + "}}\n"));
        double after = bias(router);

        assertThat(before)
                .isEqualTo(openPromptBias(
                        CalibratedDifficultyEstimator.ofDefaults().calibration()));
        assertThat(after).isEqualTo(openPromptBias(refit)).isNotEqualTo(before);
        assertThat(cachedBefore).isPositive();
        assertThat(CalibratedDifficultyEstimator.create(
                                DifficultyConfig.custom().calibration(refit).build())
                        .cachedEmbeddings())
                .isGreaterThanOrEqualTo(cachedBefore);
    }

    @Test
    void aRecalibratedEstimatorDoesNotEmbedAPromptAgain() {
        CountingModel model = new CountingModel();
        DifficultyConfig config = DifficultyConfig.custom()
                .embeddingModel(model)
                .calibration(Calibration.builtIn(false))
                .build();
        CalibratedDifficultyEstimator first = CalibratedDifficultyEstimator.create(config);
        first.estimate(PROMPT);

        CalibratedDifficultyEstimator recalibrated = CalibratedDifficultyEstimator.create(DifficultyConfig.from(config)
                .calibration(Calibration.builtIn(false).withThreshold(0.2, 0.4))
                .build());
        recalibrated.estimate(PROMPT);

        assertThat(model.embedded.stream().filter(PROMPT::equals)).hasSize(1);
    }

    private Path trafficStore() {
        Path store = work.resolve("traffic.jsonl");
        try (TrafficLabels labels = TrafficLabels.open(store, 1000, Clock.systemUTC())) {
            for (int i = 0; i < 12; i++) {
                labels.record("Say hello to my friend number " + i + ".", true, "shadow:normalised-match");
                labels.record(
                        "Prove that the sum of the first " + i + " odd numbers is a square, step by step, with"
                                + " an induction over n and a check of the base case.",
                        false,
                        "escalation");
            }
        }
        return store;
    }

    private static Calibration refitFrom(Path store) {
        CalibrationOptions options = new CalibrationOptions(
                0.5,
                1.0,
                300.0,
                true,
                2,
                42,
                java.util.Optional.empty(),
                40,
                5,
                java.util.Set.of(),
                dev.tandem.router.difficulty.calibration.Target.SMALL_WRONG);
        return Calibrator.of(CalibratedDifficultyEstimator.ofDefaults(), options)
                .calibrate(TrafficLabels.read(store), CalibrationProgress.NONE)
                .calibration();
    }

    private Policy policy(String assessment) throws Exception {
        Path yaml = work.resolve("policy-" + System.nanoTime() + ".yaml");
        Files.writeString(yaml, "name: reloaded\nextends: privacy-first\n" + assessment);
        return PolicyLoader.load(yaml);
    }

    /** PROMPT is an open question: a calibration with a segment for open prompts scores it there. */
    private static double openPromptBias(Calibration calibration) {
        Calibration.Segment open = calibration.segments().get(dev.tandem.router.difficulty.PromptKind.OPEN);
        return open != null ? open.bias() : calibration.bias();
    }

    private static double bias(TandemRouter router) {
        TandemRequest request = TandemRequest.of(
                ChatRequest.builder().messages(UserMessage.from(PROMPT)).build(), CallerMetadata.none());
        return router.plan(request).assessment().difficulty().signals().stream()
                .filter(signal -> signal.name().equals(CalibratedDifficultyEstimator.BIAS))
                .mapToDouble(Signal::value)
                .findFirst()
                .orElseThrow();
    }

    /** The static model, recording every text it embeds. */
    private static final class CountingModel implements EmbeddingModel {
        final List<String> embedded = new CopyOnWriteArrayList<>();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            segments.forEach(segment -> embedded.add(segment.text()));
            return StaticEmbeddingModel.builtIn().embedAll(segments);
        }
    }
}
