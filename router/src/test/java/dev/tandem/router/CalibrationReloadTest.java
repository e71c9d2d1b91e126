package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.PromptKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reloaded policy brings its difficulty calibration with it. */
class CalibrationReloadTest {

    @TempDir
    Path work;

    @Test
    void aReloadedPolicysCalibrationFileTakesEffectAndAnUnusableOneKeepsThePrevious() throws Exception {
        Calibration builtIn = Calibration.builtIn(false);
        Path file = work.resolve("calibration.json");
        Calibration.of(builtIn.features(), builtIn.embedding(), 3.5, 0.5, 0.6, Map.of())
                .write(file);
        AtomicReference<Policy> policy = new AtomicReference<>(policy(""));
        TandemRouter router = TandemRouter.builder()
                .policySource(policy::get)
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "unused"))
                        .build())
                .tier(Tier.remote("remote", FakeChatModel.answering("big", "unused"))
                        .build())
                .build();

        double before = bias(router);
        policy.set(policy("assessment: {difficulty: {calibration-file: " + file + "}}\n"));
        double reloaded = bias(router);
        policy.set(policy("assessment: {difficulty: {calibration-file: " + file + "}}\n"));
        Files.writeString(file, "{ not a calibration");
        double afterBadReload = bias(router);

        // An open question: the built-in calibration scores it by its length-only segment.
        assertThat(before)
                .isEqualTo(CalibratedDifficultyEstimator.ofDefaults()
                        .calibration()
                        .segments()
                        .get(PromptKind.OPEN)
                        .bias());
        assertThat(reloaded).isEqualTo(3.5);
        assertThat(afterBadReload).isEqualTo(3.5);
    }

    private Policy policy(String assessment) throws Exception {
        Path yaml = work.resolve("policy-" + System.nanoTime() + ".yaml");
        Files.writeString(yaml, "name: reloaded\nextends: privacy-first\n" + assessment);
        return PolicyLoader.load(yaml);
    }

    private static double bias(TandemRouter router) {
        TandemRequest request = TandemRequest.of(
                ChatRequest.builder()
                        .messages(UserMessage.from("What is the capital of France?"))
                        .build(),
                CallerMetadata.none());
        return router.plan(request).assessment().difficulty().signals().stream()
                .filter(signal -> signal.name().equals(CalibratedDifficultyEstimator.BIAS))
                .mapToDouble(Signal::value)
                .findFirst()
                .orElseThrow();
    }
}
