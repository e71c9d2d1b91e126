package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.assess.MessageText;
import dev.tandem.router.execute.StreamInterruptedException;
import dev.tandem.router.resilience.PartialStreamFailure;
import dev.tandem.router.resilience.ResilienceConfig;
import dev.tandem.router.resilience.ResilienceSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamingRouterTest {

    private static final Policy REMOTE_FIRST = PolicyLoader.parse("""
            name: remote-first
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              route: {tier: remote, fallback: [local]}
            """, "remote-first.yaml");

    private static final Policy LOCAL_FIRST = PolicyLoader.parse("""
            name: local-first
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              route: {tier: local, fallback: [remote]}
            """, "local-first.yaml");

    @Test
    void streamsTheFirstTiersAnswerAndCompletesWithRoutingMetadata() throws Exception {
        FakeStreamingModel remote = FakeStreamingModel.answering("big", "Hello", ", ", "world");
        TandemRouter router = router(REMOTE_FIRST, FakeStreamingModel.answering("tiny", "local"), remote, noRetries());
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        ChatResponse response = handler.await();
        assertThat(handler.chunks).containsExactly("Hello", ", ", "world");
        assertThat(response.aiMessage().text()).isEqualTo("Hello, world");
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("remote");
        assertThat(routing.outcome().degraded()).isFalse();
    }

    @Test
    void fallsBackTransparentlyWhenTheTierFailsBeforeItsFirstToken() throws Exception {
        FakeStreamingModel remote = FakeStreamingModel.failingAfter(
                "big", 0, new TierUnavailableException("remote", "HTTP 503", null), "never");
        FakeStreamingModel local = FakeStreamingModel.answering("tiny", "local ", "answer");
        TandemRouter router = router(REMOTE_FIRST, local, remote, noRetries());
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        ChatResponse response = handler.await();
        assertThat(handler.text()).isEqualTo("local answer");
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().degraded()).isTrue();
        assertThat(routing.outcome().attempts())
                .extracting(Attempt::tier, Attempt::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("local", AttemptStatus.SUCCEEDED));
    }

    @Test
    void fallsBackWhenTheFirstTokenDoesNotComeInTime() throws Exception {
        FakeStreamingModel slow = FakeStreamingModel.silentFor("big", 5_000, "late");
        FakeStreamingModel local = FakeStreamingModel.answering("tiny", "quick");
        ResilienceSettings settings = ResilienceSettings.custom()
                .remoteDefaults(ResilienceConfig.custom()
                        .maxAttempts(1)
                        .firstTokenTimeout(Duration.ofMillis(100))
                        .build())
                .build();
        TandemRouter router = router(REMOTE_FIRST, local, slow, settings);
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        ChatResponse response = handler.await();
        assertThat(handler.text()).isEqualTo("quick");
        Attempt first =
                TandemResponseMetadata.from(response).outcome().attempts().get(0);
        assertThat(first.failure().orElseThrow().type()).isEqualTo(TierTimeoutException.class.getSimpleName());
        assertThat(first.failure().orElseThrow().message()).contains("sent no first token within PT0.1S");
    }

    @Test
    void endsWithAnErrorCarryingThePartialTextWhenTheTierFailsMidAnswer() throws Exception {
        FakeStreamingModel remote = FakeStreamingModel.failingAfter(
                "big", 2, new TierUnavailableException("remote", "stream cut", null), "The secret ", "plan is ", "X");
        FakeStreamingModel local = FakeStreamingModel.answering("tiny", "unused");
        TandemRouter router = router(REMOTE_FIRST, local, remote, noRetries());
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        Throwable error = handler.awaitError();
        assertThat(error).isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
            assertThat(e.partialText()).isEqualTo("The secret plan is ");
            assertThat(e.tier()).isEqualTo("remote");
            assertThat(e.getMessage())
                    .contains("after 19 characters", "TierUnavailableException", "incomplete")
                    .doesNotContain("secret", "plan");
            assertThat(e.toString()).doesNotContain("secret");
            assertThat(e.isRetriable()).isTrue();
        });
        assertThat(handler.text()).isEqualTo("The secret plan is ");
        assertThat(local.received).isEmpty();
    }

    @Test
    void continuesOnTheNextTierWithThePartialAnswerAsContextWhenConfigured() throws Exception {
        FakeStreamingModel remote = FakeStreamingModel.failingAfter(
                "big", 1, new TierUnavailableException("remote", "stream cut", null), "Roses are red, ", "never");
        FakeStreamingModel local = FakeStreamingModel.answering("tiny", "violets are blue.");
        ResilienceSettings settings = ResilienceSettings.custom()
                .remoteDefaults(ResilienceConfig.custom().maxAttempts(1).build())
                .onPartialStreamFailure(PartialStreamFailure.CONTINUE)
                .build();
        TandemRouter router = router(REMOTE_FIRST, local, remote, settings);
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("a poem")).build(), handler);

        ChatResponse response = handler.await();
        assertThat(response.aiMessage().text()).isEqualTo("Roses are red, violets are blue.");
        List<ChatMessage> continuation = local.received.get(0).messages();
        assertThat(continuation).hasSize(3);
        assertThat(continuation.get(1)).isEqualTo(AiMessage.from("Roses are red, "));
        assertThat(MessageText.of(continuation.get(2))).startsWith("Your previous answer was cut off.");
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.outcome().degraded()).isTrue();
    }

    @Test
    void redactsThePartialAnswerBeforeARemoteTierContinuesIt() throws Exception {
        FakeStreamingModel local = FakeStreamingModel.failingAfter(
                "tiny",
                1,
                new TierUnavailableException("local", "engine stopped", null),
                "Dear jane.doe@example.com, ",
                "never");
        FakeStreamingModel remote = FakeStreamingModel.answering("big", "thanks for writing.");
        ResilienceSettings settings = ResilienceSettings.custom()
                .onPartialStreamFailure(PartialStreamFailure.CONTINUE)
                .build();
        TandemRouter router = router(LOCAL_FIRST, local, remote, settings);
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("Write a note to jane.doe@example.com"))
                        .build(),
                handler);

        assertThat(handler.await().aiMessage().text()).isEqualTo("Dear jane.doe@example.com, thanks for writing.");
        List<ChatMessage> sent = remote.received.get(0).messages();
        assertThat(sent.get(1)).isEqualTo(AiMessage.from("Dear <EMAIL_1>, "));
        assertThat(sent).noneMatch(m -> MessageText.of(m).contains("jane.doe"));
    }

    @Test
    void neverReportsAnAnswerThatStoppedEarlyAsComplete() throws Exception {
        FakeStreamingModel remote = FakeStreamingModel.failingAfter(
                "big", 2, new TierUnavailableException("remote", "truncated", null), "one ", "two ");
        ResilienceSettings settings = ResilienceSettings.custom()
                .remoteDefaults(ResilienceConfig.custom().maxAttempts(1).build())
                .onPartialStreamFailure(PartialStreamFailure.CONTINUE)
                .build();
        FakeStreamingModel brokenLocal = FakeStreamingModel.failingAfter(
                "tiny", 0, new TierUnavailableException("local", "engine down", null), "x");
        TandemRouter router = router(REMOTE_FIRST, brokenLocal, remote, settings);
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("count")).build(), handler);

        assertThat(handler.awaitError())
                .isInstanceOfSatisfying(
                        StreamInterruptedException.class,
                        e -> assertThat(e.partialText()).isEqualTo("one two "));
    }

    @Test
    void listsEveryAttemptWhenNoTierProducesAToken() throws Exception {
        FakeStreamingModel remote =
                FakeStreamingModel.failingAfter("big", 0, new TierUnavailableException("remote", "down", null), "x");
        FakeStreamingModel local =
                FakeStreamingModel.failingAfter("tiny", 0, new TierUnavailableException("local", "down", null), "x");
        TandemRouter router = router(REMOTE_FIRST, local, remote, noRetries());
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        assertThat(handler.awaitError())
                .isInstanceOfSatisfying(
                        NoRouteAvailableException.class,
                        e -> assertThat(e.attempts()).extracting(Attempt::tier).containsExactly("remote", "local"));
    }

    @Test
    void cancellingStopsTheTierAndSilencesTheHandler() throws Exception {
        FakeStreamingModel endless = FakeStreamingModel.endless("tiny", "a", "b");
        TandemRouter router = router(LOCAL_FIRST, endless, FakeStreamingModel.answering("big", "x"), noRetries());
        RecordingStreamHandler handler = new RecordingStreamHandler(3);

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        assertThat(endless.finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(endless.cancelled).isTrue();
        int producedAtStop = endless.produced.get();
        assertThat(handler.staysSilentFor(Duration.ofMillis(100))).isTrue();
        assertThat(handler.chunks).hasSizeLessThanOrEqualTo(producedAtStop);
        assertThat(handler.done).isNotDone();
    }

    @Test
    void cancellingBeforeTheFirstTokenStopsTheRoutedStream() throws Exception {
        FakeStreamingModel slow = FakeStreamingModel.silentFor("tiny", 200, "late");
        TandemRouter router = router(LOCAL_FIRST, slow, FakeStreamingModel.answering("big", "x"), noRetries());
        RecordingStreamHandler handler = new RecordingStreamHandler();

        var handle = router.chat(
                TandemRequest.of(
                        ChatRequest.builder().messages(UserMessage.from("hi")).build(), CallerMetadata.none()),
                handler);
        while (slow.received.isEmpty()) {
            Thread.onSpinWait();
        }
        handle.cancel();

        assertThat(slow.finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.cancelled).isTrue();
        assertThat(handler.staysSilentFor(Duration.ofMillis(100))).isTrue();
        assertThat(handler.chunks).isEmpty();
        assertThat(handle.isCancelled()).isTrue();
    }

    @Test
    void restoresAPlaceholderSplitAcrossChunks() throws Exception {
        FakeStreamingModel remote =
                FakeStreamingModel.answering("big", "Mail sent to <EMA", "IL_1", "> and <", "EMAIL_2>.");
        TandemRouter router = router(REMOTE_FIRST, FakeStreamingModel.answering("tiny", "x"), remote, noRetries());
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("Write to jane.doe@example.com and bob@example.org"))
                        .build(),
                handler);

        ChatResponse response = handler.await();
        assertThat(handler.text()).isEqualTo("Mail sent to jane.doe@example.com and bob@example.org.");
        assertThat(handler.chunks).noneMatch(chunk -> chunk.contains("<") || chunk.contains(">"));
        assertThat(response.aiMessage().text()).isEqualTo(handler.text());
        assertThat(MessageText.of(remote.received.get(0).messages().get(0))).doesNotContain("example");
    }

    @Test
    void rejectsAnInvalidRequestThroughOnErrorWithoutCallingAnyTier() throws Exception {
        FakeStreamingModel remote = FakeStreamingModel.answering("big", "x");
        FakeStreamingModel local = FakeStreamingModel.answering("tiny", "x");
        TandemRouter router = router(REMOTE_FIRST, local, remote, noRetries());
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("bad \uD800 text"))
                        .build(),
                handler);

        assertThat(handler.awaitError()).isInstanceOf(InvalidRequestException.class);
        assertThat(remote.received).isEmpty();
        assertThat(local.received).isEmpty();
    }

    @Test
    void streamsFromATierThatCannotStreamAsOneChunk() throws Exception {
        ChatModel blocking = FakeChatModel.answering("tiny", "whole answer");
        TandemRouter router = TandemRouter.builder()
                .policy(LOCAL_FIRST)
                .tier(Tier.local("local", blocking).build())
                .tier(Tier.remote("remote", FakeChatModel.answering("big", "x")).build())
                .resilience(noRetries())
                .build();
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        assertThat(handler.await().aiMessage().text()).isEqualTo("whole answer");
        assertThat(handler.chunks).containsExactly("whole answer");
    }

    static ResilienceSettings noRetries() {
        return ResilienceSettings.custom()
                .remoteDefaults(ResilienceConfig.custom().maxAttempts(1).build())
                .build();
    }

    private static TandemRouter router(Policy policy, ChatModel local, ChatModel remote, ResilienceSettings settings) {
        return TandemRouter.builder()
                .policy(policy)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .resilience(settings)
                .build();
    }
}
