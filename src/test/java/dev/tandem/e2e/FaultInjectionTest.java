package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.TierAuthenticationException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.execute.StreamInterruptedException;
import dev.tandem.router.resilience.CircuitOpenException;
import dev.tandem.router.resilience.ResilienceConfig;
import dev.tandem.router.resilience.ResilienceSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each fault over real HTTP (WireMock), and what the caller sees; offline mode; streaming faults. */
class FaultInjectionTest {

    static final Policy REMOTE_FIRST = PolicyLoader.parse("""
            name: fault-suite
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules:
              - name: restricted-data-stays-local
                when: {sensitivity-at-least: restricted}
                keep-local: {}
              - name: personal-data-is-redacted
                when: {sensitivity-at-least: high}
                redact-then-remote: {tier: remote, fallback: [local]}
            default:
              route: {tier: remote, fallback: [local]}
            """, "fault-suite.yaml");

    static final ResilienceConfig REMOTE = ResilienceConfig.custom()
            .connectTimeout(Duration.ofMillis(500))
            .firstTokenTimeout(Duration.ofMillis(600))
            .totalTimeout(Duration.ofMillis(600))
            .initialBackoff(Duration.ofMillis(10))
            .maxBackoff(Duration.ofMillis(50))
            .build();

    private final FaultStub stub = new FaultStub();
    private final OkHttpClient http = new OkHttpClient();
    private final InstantLocalModel local = new InstantLocalModel();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final MovableClock clock = new MovableClock();

    @AfterEach
    void stop() {
        stub.close();
        http.connectionPool().evictAll();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "reset, TierUnavailableException",
        "empty, TierUnavailableException",
        "garbage, TierUnavailableException",
        "malformed, TierUnavailableException",
        "500, TierUnavailableException",
        "502, TierUnavailableException",
        "503, TierUnavailableException",
        "slow, TierTimeoutException",
    })
    void retriesATransientFaultThreeTimesThenServesLocallyAndSaysDegraded(String fault, String failureType) {
        TandemRouter router = router(REMOTE, ResilienceConfig.localDefaults());

        ChatResponse response = router.chat(UserMessage.from("fault=" + fault + "; what is 2+2?"));

        Outcome outcome = TandemResponseMetadata.from(response).outcome();
        assertThat(response.aiMessage().text()).isEqualTo("local answer");
        assertThat(outcome.degraded()).isTrue();
        assertThat(outcome.attempts())
                .extracting(Attempt::tier, Attempt::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("local", AttemptStatus.SUCCEEDED));
        assertThat(outcome.attempts().get(0).failure().orElseThrow().type()).isEqualTo(failureType);
        assertThat(stub.received()).hasSize(3);
        assertThat(sleeps).hasSize(2).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(50)));
    }

    @Test
    void neverRetriesA401AndFallsBackAtOnce() {
        TandemRouter router = router(REMOTE, ResilienceConfig.localDefaults());

        ChatResponse response = router.chat(UserMessage.from("fault=401; hello"));

        Outcome outcome = TandemResponseMetadata.from(response).outcome();
        assertThat(outcome.tier()).isEqualTo("local");
        assertThat(outcome.attempts().get(0).failure().orElseThrow().type())
                .isEqualTo(TierAuthenticationException.class.getSimpleName());
        assertThat(stub.received()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void honoursRetryAfterOn429() {
        TandemRouter router = router(REMOTE, ResilienceConfig.localDefaults());

        ChatResponse response = router.chat(UserMessage.from("fault=429; hello"));

        Attempt first =
                TandemResponseMetadata.from(response).outcome().attempts().get(0);
        assertThat(first.failure().orElseThrow().type()).isEqualTo(RateLimitedException.class.getSimpleName());
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(stub.received()).hasSize(3);
    }

    @Test
    void goesOfflineWhenTheNetworkDisappearsAndBackOnlineAfterTheHalfOpenProbe() throws Exception {
        ResilienceConfig breaker = ResilienceConfig.from(REMOTE)
                .maxAttempts(1)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(5)
                .openStateWait(Duration.ofSeconds(30))
                .build();
        TandemRouter router = router(breaker, ResilienceConfig.localDefaults());
        assertThat(tierOf(router.chat(UserMessage.from("hello")))).isEqualTo("remote");
        int port = stub.port();

        stub.close();
        for (int i = 0; i < 5; i++) {
            assertThat(tierOf(router.chat(UserMessage.from("hello")))).isEqualTo("local");
        }
        ChatResponse offline = router.chat(UserMessage.from("hello"));
        Attempt skipped =
                TandemResponseMetadata.from(offline).outcome().attempts().get(0);

        assertThat(skipped.status()).isEqualTo(AttemptStatus.SKIPPED);
        assertThat(skipped.failure().orElseThrow().type()).isEqualTo(CircuitOpenException.class.getSimpleName());
        assertThat(router.resilience().health().isHealthy("remote")).isFalse();

        try (FaultStub back = new FaultStub(port)) {
            assertThat(tierOf(router.chat(UserMessage.from("hello")))).isEqualTo("local");
            clock.advance(Duration.ofSeconds(31));

            assertThat(tierOf(router.chat(UserMessage.from("hello")))).isEqualTo("remote");
            assertThat(tierOf(router.chat(UserMessage.from("hello")))).isEqualTo("remote");
            assertThat(back.received()).hasSize(2);
        }
    }

    @Test
    void aMalformedStreamBeforeTheFirstTokenFallsBackTransparently() throws Exception {
        TandemRouter router =
                router(ResilienceConfig.from(REMOTE).maxAttempts(1).build(), ResilienceConfig.localDefaults());
        StreamResult result = new StreamResult();

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("fault=sse-malformed; hi"))
                        .build(),
                result);

        ChatResponse response = result.done.get(10, TimeUnit.SECONDS);
        assertThat(result.text()).isEqualTo("local answer");
        assertThat(TandemResponseMetadata.from(response).outcome().degraded()).isTrue();
    }

    @Test
    void aTruncatedStreamEndsWithAnErrorCarryingThePartialTextNeverAsComplete() throws Exception {
        TandemRouter router =
                router(ResilienceConfig.from(REMOTE).maxAttempts(1).build(), ResilienceConfig.localDefaults());
        StreamResult result = new StreamResult();

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("fault=sse-truncated; hi"))
                        .build(),
                result);

        assertThatThrownBy(() -> result.done.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
                    assertThat(e.partialText()).isEqualTo("The answer is 4");
                    assertThat(e.getMessage()).doesNotContain("The answer");
                    assertThat(e.getCause()).isInstanceOf(TierUnavailableException.class);
                });
        assertThat(local.calls).hasValue(0);
    }

    @Test
    void streamsACompleteAnswerOverHttp() throws Exception {
        TandemRouter router = router(REMOTE, ResilienceConfig.localDefaults());
        StreamResult result = new StreamResult();

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("fault=sse-ok; hi"))
                        .build(),
                result);

        ChatResponse response = result.done.get(10, TimeUnit.SECONDS);
        assertThat(result.chunks).containsExactly("Hel", "lo");
        assertThat(response.aiMessage().text()).isEqualTo("Hello");
    }

    @Test
    void cancellingAStreamClosesTheHttpCall() throws Exception {
        ResilienceConfig patient = ResilienceConfig.from(REMOTE)
                .firstTokenTimeout(Duration.ofSeconds(5))
                .totalTimeout(Duration.ofSeconds(10))
                .build();
        TandemRouter router = router(patient, ResilienceConfig.localDefaults());
        StreamResult result = new StreamResult(2);

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("fault=sse-slow; tick"))
                        .build(),
                result);

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((result.chunks.size() < 2 || http.dispatcher().runningCallsCount() > 0) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(result.chunks).hasSize(2);
        assertThat(http.dispatcher().runningCallsCount()).isZero();
        Thread.sleep(300);
        assertThat(result.chunks).hasSize(2);
        assertThat(result.done).isNotDone();
    }

    @Test
    void aBodySlowerThanTheDeadlineIsCutAtTheDeadlineAndNoTierIsTriedAfterIt() {
        TandemRouter router = router(
                ResilienceConfig.from(REMOTE)
                        .totalTimeout(Duration.ofSeconds(5))
                        .build(),
                ResilienceConfig.localDefaults());
        Instant deadline = Instant.now().plusMillis(300);

        assertThatThrownBy(() -> router.chat(new TandemRequest(
                        "deadline-1",
                        ChatRequest.builder()
                                .messages(UserMessage.from("fault=slow; hi"))
                                .build(),
                        CallerMetadata.builder().deadline(deadline).build())))
                .isInstanceOfSatisfying(NoRouteAvailableException.class, e -> {
                    assertThat(e.attempts())
                            .extracting(a -> a.tier() + ":" + a.status() + ":"
                                    + a.failure().orElseThrow().type())
                            .containsExactly(
                                    "remote:FAILED:DeadlineExceededException", "local:SKIPPED:DeadlineExceeded");
                    assertThat(e.getSuppressed()[0]).isInstanceOf(TierTimeoutException.class);
                });
        assertThat(Instant.now()).isBefore(deadline.plusMillis(250));
        assertThat(stub.received()).hasSize(1);
        assertThat(local.calls).hasValue(0);
    }

    private TandemRouter router(ResilienceConfig remote, ResilienceConfig localConfig) {
        OpenAiCompatibleChatModel model = remote.applyTo(OpenAiCompatibleChatModel.builder())
                .baseUrl(stub.baseUrl())
                .apiKey(OpenAiStub.API_KEY)
                .modelName(OpenAiStub.MODEL)
                .httpClient(http)
                .build();
        return TandemRouter.builder()
                .policy(REMOTE_FIRST)
                .clock(clock)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", model).build())
                .resilience(ResilienceSettings.custom()
                        .tier("remote", remote)
                        .tier("local", localConfig)
                        .sleeper(sleeps::add)
                        .build())
                .build();
    }

    private static String tierOf(ChatResponse response) {
        return TandemResponseMetadata.from(response).outcome().tier();
    }

    /** Collects a routed stream; cancels through LangChain4j's handle after {@code cancelAfter} chunks. */
    static final class StreamResult implements StreamingChatResponseHandler {
        final List<String> chunks = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        private final int cancelAfter;

        StreamResult() {
            this(-1);
        }

        StreamResult(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            chunks.add(partial.text());
            if (chunks.size() == cancelAfter) {
                context.streamingHandle().cancel();
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        String text() {
            return String.join("", chunks);
        }
    }

    /** Real time, plus whatever the test adds: for the breaker's open-state wait. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration duration) {
            offset = offset.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
