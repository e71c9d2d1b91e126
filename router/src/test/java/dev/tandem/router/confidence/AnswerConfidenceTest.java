package dev.tandem.router.confidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.assessment.Signal;
import dev.tandem.local.LocalResponseMetadata;
import dev.tandem.local.TokenLogprobs;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerConfidenceTest {

    @Test
    void confidentTokensGiveAHighScore() {
        ChatResponse answer =
                local("Paris is the capital of France.", List.of(-0.01, -0.02, -0.05), List.of(0.1, 0.1, 0.1));

        AnswerConfidence.Confidence confidence = AnswerConfidence.of(answer);

        double expected = 0.5 * Math.exp(-0.08 / 3) + 0.25 * Math.exp(-0.05) + 0.25 * Math.exp(-0.1);
        assertThat(confidence.score()).isCloseTo(expected, within(1e-9));
        assertThat(confidence.signals())
                .extracting(Signal::name)
                .containsExactly("mean_token_probability", "least_token_probability", "certainty");
    }

    @Test
    void unlikelyTokensGiveALowScore() {
        ChatResponse answer = local("Purple seven under it.", List.of(-3.0, -4.0, -5.0), List.of(4.0, 4.0, 4.0));

        assertThat(AnswerConfidence.of(answer).score()).isLessThan(0.05);
    }

    @Test
    void aRefusalIsNotConfidentEvenWithoutLogprobs() {
        ChatResponse answer = ChatResponse.builder()
                .aiMessage(AiMessage.from("I'm sorry, but I can't help with that."))
                .build();

        AnswerConfidence.Confidence confidence = AnswerConfidence.of(answer);

        assertThat(confidence.score()).isEqualTo(0.2);
        assertThat(confidence.signals()).extracting(Signal::name).containsExactly("no_logprobs", "refusal");
    }

    @Test
    void anEmptyAnswerScoresZero() {
        ChatResponse answer =
                ChatResponse.builder().aiMessage(AiMessage.from(" ")).build();

        assertThat(AnswerConfidence.of(answer).score()).isZero();
    }

    @Test
    void truncationRepetitionAndAnOpenFenceEachLowerTheScore() {
        ChatResponse truncated = ChatResponse.builder()
                .aiMessage(AiMessage.from("The answer is that the"))
                .finishReason(FinishReason.LENGTH)
                .build();
        ChatResponse repeating = ChatResponse.builder()
                .aiMessage(AiMessage.from("hel hel hel hel hel hel hel hel hel hel hel hel"))
                .build();
        ChatResponse openFence = ChatResponse.builder()
                .aiMessage(AiMessage.from("Here:\n```java\nint x = 1;"))
                .build();

        assertThat(AnswerConfidence.of(truncated).score()).isEqualTo(0.5);
        assertThat(AnswerConfidence.of(repeating).score()).isEqualTo(0.3);
        assertThat(AnswerConfidence.of(openFence).score()).isEqualTo(0.5);
    }

    @Test
    void anOrdinaryRemoteAnswerIsFullyConfident() {
        ChatResponse answer = ChatResponse.builder()
                .aiMessage(AiMessage.from("The derivative of x^2 is 2x, by the power rule."))
                .finishReason(FinishReason.STOP)
                .build();

        assertThat(AnswerConfidence.of(answer).score()).isEqualTo(1.0);
    }

    static ChatResponse local(String text, List<Double> logprobs, List<Double> entropies) {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .metadata(LocalResponseMetadata.builder()
                        .logprobs(new TokenLogprobs(logprobs, entropies))
                        .finishReason(FinishReason.STOP)
                        .build())
                .build();
    }
}
