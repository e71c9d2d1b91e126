package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.event.EscalationEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.LocalResponseMetadata;
import dev.tandem.local.TokenLogprobs;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Local first, escalate when the local answer is not confident: the cascade of a local-first rule. */
class CascadeRoutingTest {

    private static final Policy LOCAL_FIRST = PolicyLoader.parse("""
            name: cascade
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              local-first: {escalate-to: remote, min-confidence: 0.6}
            """, "cascade.yaml");

    private final List<EscalationEvent> escalations = new ArrayList<>();
    private final FakeChatModel remote = FakeChatModel.echoing("big-remote");

    @Test
    void keepsAConfidentLocalAnswer() {
        TandemRouter router = router(local("Paris.", -0.01));

        ChatResponse response = router.chat(UserMessage.from("What is the capital of France?"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("Paris.");
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(escalations).isEmpty();
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void escalatesAnUnsureLocalAnswerAndKeepsBothAttempts() {
        TandemRouter router = router(local("Purple seven.", -4.0));

        ChatResponse response = router.chat(UserMessage.from("What is the capital of France?"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("echo: What is the capital of France?");
        assertThat(routing.outcome().tier()).isEqualTo("remote");
        assertThat(routing.outcome().attempts())
                .extracting(Attempt::tier, Attempt::status)
                .containsExactly(tuple("local", AttemptStatus.SUCCEEDED), tuple("remote", AttemptStatus.SUCCEEDED));
        assertThat(escalations).singleElement().satisfies(event -> {
            assertThat(event.fromTier()).isEqualTo("local");
            assertThat(event.toTier()).isEqualTo("remote");
            assertThat(event.confidence()).isLessThan(0.6);
            assertThat(event.minConfidence()).isEqualTo(0.6);
        });
    }

    @Test
    void escalationRedactsPersonalDataBeforeItLeaves() {
        TandemRouter router = router(local("Unsure.", -4.0));

        ChatResponse response = router.chat(UserMessage.from("Draft a reply to jane.doe@example.com about her refund"));

        assertThat(remote.everythingReceived())
                .doesNotContain("jane.doe@example.com")
                .contains("<EMAIL_1>");
        assertThat(response.aiMessage().text()).contains("jane.doe@example.com");
    }

    @Test
    void theLocalAnswerStandsWhenTheEscalationTierFails() {
        FakeChatModel down =
                FakeChatModel.failing("big-remote", new dev.langchain4j.exception.AuthenticationException("no"));
        TandemRouter router = TandemRouter.builder()
                .policy(LOCAL_FIRST)
                .tier(Tier.local("local", local("Unsure.", -4.0)).build())
                .tier(Tier.remote("remote", down).build())
                .build();

        ChatResponse response = router.chat(UserMessage.from("What is the capital of France?"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("Unsure.");
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.outcome().attempts())
                .extracting(Attempt::tier, Attempt::status)
                .containsExactly(tuple("local", AttemptStatus.SUCCEEDED), tuple("remote", AttemptStatus.FAILED));
    }

    @Test
    void aStreamingCallerGetsOnlyTheAnswerThatPassedTheCheck() throws Exception {
        TandemRouter router = router(local("Purple seven.", -4.0));
        RecordingStreamHandler unsure = new RecordingStreamHandler();
        RecordingStreamHandler confident = new RecordingStreamHandler();

        router.chat(question(), unsure);
        router(local("Paris.", -0.01)).chat(question(), confident);

        ChatResponse escalated = unsure.done.get(10, TimeUnit.SECONDS);
        assertThat(unsure.chunks).containsExactly("echo: What is the capital of France?");
        assertThat(TandemResponseMetadata.from(escalated).outcome().attempts())
                .extracting(Attempt::tier)
                .containsExactly("local", "remote");
        assertThat(confident.done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Paris.");
        assertThat(confident.chunks).containsExactly("Paris.");
        assertThat(escalations).hasSize(1);
    }

    private static TandemRequest question() {
        return TandemRequest.of(
                ChatRequest.builder()
                        .messages(UserMessage.from("What is the capital of France?"))
                        .build(),
                CallerMetadata.none());
    }

    private TandemRouter router(ChatModel local) {
        return TandemRouter.builder()
                .policy(LOCAL_FIRST)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .listener(new TandemListener() {
                    @Override
                    public void onEscalation(EscalationEvent event) {
                        escalations.add(event);
                    }
                })
                .build();
    }

    /** A local model that answers with fixed text and the same log-probability for each of three tokens. */
    private static ChatModel local(String text, double logprob) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(text))
                        .metadata(LocalResponseMetadata.builder()
                                .logprobs(new TokenLogprobs(List.of(logprob, logprob, logprob), List.of(0.2, 0.2, 0.2)))
                                .finishReason(FinishReason.STOP)
                                .modelName("tiny-local")
                                .build())
                        .build();
            }
        };
    }
}
