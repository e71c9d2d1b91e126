package dev.tandem.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import org.junit.jupiter.api.Test;

class HeuristicDifficultyEstimatorTest {

    private final HeuristicDifficultyEstimator estimator = new HeuristicDifficultyEstimator();

    @Test
    void aGreetingIsEasy() {
        Difficulty difficulty = estimate(UserMessage.from("hi, how are you?"));

        assertThat(difficulty.score()).isLessThan(0.1);
    }

    @Test
    void aProofWithMathsIsHardAndSaysWhy() {
        Difficulty difficulty = estimate(UserMessage.from(
                "Prove step by step that the sum of the first n odd numbers is n^2, then derive the integral of x^2."));

        assertThat(difficulty.score()).isGreaterThanOrEqualTo(0.6);
        assertThat(difficulty.signals())
                .filteredOn(signal -> signal.contribution() > 0)
                .extracting(Signal::name)
                .contains("reasoning", "maths");
    }

    @Test
    void codeRaisesTheScore() {
        Difficulty plain = estimate(UserMessage.from("Tell me about loops."));
        Difficulty code = estimate(UserMessage.from(
                "Why does this fail?\n```java\npublic static void main(String[] a) {\n  return;\n}\n```"));

        assertThat(code.score()).isGreaterThan(plain.score() + 0.2);
    }

    @Test
    void onlyTheLastUserMessageIsScoredButDepthCounts() {
        Difficulty difficulty = estimate(
                UserMessage.from("Prove Fermat's last theorem step by step."),
                AiMessage.from("..."),
                UserMessage.from("thanks"));

        Signal depth = difficulty.signals().stream()
                .filter(s -> s.name().equals("depth"))
                .findFirst()
                .orElseThrow();
        assertThat(depth.value()).isEqualTo(1.0);
        assertThat(difficulty.score()).isLessThan(0.1);
    }

    private Difficulty estimate(dev.langchain4j.data.message.ChatMessage... messages) {
        return estimator.estimate(
                TandemRequest.of(ChatRequest.builder().messages(messages).build(), CallerMetadata.none()));
    }
}
