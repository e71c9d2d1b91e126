package dev.tandem.router.resilience;

import static dev.tandem.router.resilience.ScriptedModel.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.event.BreakerTransitionEvent;
import dev.tandem.core.event.BreakerTransitionEvent.State;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.TierAuthenticationException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.tier.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TierResilienceTest {

    private static final ChatRequest REQUEST =
            ChatRequest.builder().messages(UserMessage.from("hi")).build();

    private final TestClock clock = new TestClock();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<BreakerTransitionEvent> transitions = new CopyOnWriteArrayList<>();
    private final List<TierException> retried = new CopyOnWriteArrayList<>();

    @Test
    void retriesAnUnavailableTierWithExponentialBackoffInsideTheJitterRange() {
        ScriptedModel model = new ScriptedModel(fail(unavailable()), fail(unavailable()), () -> "third time");
        TierResilience guard =
                guard("remote", ResilienceConfig.custom().maxAttempts(3).build());

        ChatResponse response = guard.call(model, REQUEST, call(Optional.empty()));

        assertThat(response.aiMessage().text()).isEqualTo("third time");
        assertThat(model.calls).hasValue(3);
        assertThat(retried).hasSize(2);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(375));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(750));
    }

    @Test
    void waitsExactlyTheRetryAfterTheTierAskedFor() {
        ScriptedModel model = new ScriptedModel(fail(new RateLimitedException("remote", "429", Duration.ofSeconds(3))));
        TierResilience guard = guard("remote", ResilienceConfig.ofDefaults());

        guard.call(model, REQUEST, call(Optional.empty()));

        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
        assertThat(model.calls).hasValue(2);
    }

    @Test
    void fallsBackAtOnceWhenRetryAfterIsLongerThanMaxRetryAfter() {
        ScriptedModel model = new ScriptedModel(fail(new RateLimitedException("remote", "429", Duration.ofMinutes(5))));
        TierResilience guard = guard("remote", ResilienceConfig.ofDefaults());

        assertThatThrownBy(() -> guard.call(model, REQUEST, call(Optional.empty())))
                .isInstanceOf(RateLimitedException.class);
        assertThat(model.calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void neverRetriesAFailureThatCannotSucceedOnRetry() {
        for (TierException permanent : List.of(
                new TierAuthenticationException("remote", "401", null),
                new TierRequestRejectedException("remote", "400", null))) {
            ScriptedModel model = new ScriptedModel(fail(permanent));
            TierResilience guard = guard("remote", ResilienceConfig.ofDefaults());

            assertThatThrownBy(() -> guard.call(model, REQUEST, call(Optional.empty())))
                    .isSameAs(permanent);
            assertThat(model.calls).hasValue(1);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void doesNotRetryWhenTheBackoffWouldEndAfterTheDeadline() {
        ScriptedModel model = new ScriptedModel(fail(new RateLimitedException("remote", "429", Duration.ofSeconds(3))));
        TierResilience guard = guard("remote", ResilienceConfig.ofDefaults());

        assertThatThrownBy(() -> guard.call(
                        model, REQUEST, call(Optional.of(clock.instant().plusSeconds(2)))))
                .isInstanceOf(RateLimitedException.class);
        assertThat(model.calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void refusesACallWhoseDeadlineHasPassed() {
        ScriptedModel model = new ScriptedModel();
        TierResilience guard = guard("remote", ResilienceConfig.ofDefaults());

        assertThatThrownBy(() -> guard.call(model, REQUEST, call(Optional.of(clock.instant()))))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageContaining("deadline");
        assertThat(model.calls).hasValue(0);
    }

    @Test
    void opensTheBreakerAfterFailuresAndClosesItAfterASuccessfulProbe() {
        ResilienceConfig config = ResilienceConfig.custom()
                .maxAttempts(1)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .openStateWait(Duration.ofSeconds(30))
                .build();
        TierResilience guard = guard("remote", config);
        ScriptedModel down =
                new ScriptedModel(fail(unavailable()), fail(unavailable()), fail(unavailable()), fail(unavailable()));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guard.call(down, REQUEST, call(Optional.empty())))
                    .isInstanceOf(TierUnavailableException.class);
        }

        assertThatThrownBy(() -> guard.call(down, REQUEST, call(Optional.empty())))
                .isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("circuit breaker is open");
        assertThat(down.calls).hasValue(4);
        assertThat(guard.isHealthy()).isFalse();

        clock.advance(Duration.ofSeconds(31));
        assertThat(guard.isHealthy()).isTrue();
        ChatResponse probe = guard.call(new ScriptedModel(() -> "back"), REQUEST, call(Optional.empty()));

        assertThat(probe.aiMessage().text()).isEqualTo("back");
        assertThat(guard.breakerState()).contains(State.CLOSED);
        assertThat(transitions)
                .extracting(BreakerTransitionEvent::from, BreakerTransitionEvent::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(State.CLOSED, State.OPEN),
                        org.assertj.core.groups.Tuple.tuple(State.OPEN, State.HALF_OPEN),
                        org.assertj.core.groups.Tuple.tuple(State.HALF_OPEN, State.CLOSED));
    }

    @Test
    void aRejectedRequestDoesNotCountAgainstTheBreaker() {
        ResilienceConfig config = ResilienceConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .build();
        TierResilience guard = guard("remote", config);

        for (int i = 0; i < 5; i++) {
            ScriptedModel rejecting = new ScriptedModel(fail(new TierRequestRejectedException("remote", "400", null)));
            assertThatThrownBy(() -> guard.call(rejecting, REQUEST, call(Optional.empty())))
                    .isInstanceOf(TierRequestRejectedException.class);
        }

        assertThat(guard.breakerState()).contains(State.CLOSED);
    }

    @Test
    void refusesACallAsSaturatedWhenRunningAndQueuedCallsAreTaken() throws Exception {
        ResilienceConfig config = ResilienceConfig.from(ResilienceConfig.localDefaults())
                .maxConcurrentCalls(1)
                .maxQueuedCalls(0)
                .build();
        TierResilience guard = guard("local", config);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChatModel blocking = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ScriptedModel().doChat(request);
            }
        };
        Thread first = Thread.ofVirtual().start(() -> guard.call(blocking, REQUEST, call(Optional.empty())));
        started.await(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> guard.call(blocking, REQUEST, call(Optional.empty())))
                .isInstanceOf(TierSaturatedException.class)
                .hasMessage("tier 'local' was not called: it is saturated, with 1 calls running and 0 queued"
                        + " (maxConcurrentCalls, maxQueuedCalls). Other tiers serve meanwhile.");
        release.countDown();
        first.join(5_000);
        assertThat(guard.call(new ScriptedModel(() -> "free again"), REQUEST, call(Optional.empty()))
                        .aiMessage()
                        .text())
                .isEqualTo("free again");
    }

    @Test
    void aQueuedCallGivesUpAfterTheQueueTimeout() throws Exception {
        ResilienceConfig config = ResilienceConfig.from(ResilienceConfig.localDefaults())
                .maxConcurrentCalls(1)
                .maxQueuedCalls(1)
                .queueTimeout(Duration.ofMillis(50))
                .build();
        TierResilience guard = guard("local", config);
        TierResilience.Permit running = guard.acquire(call(Optional.empty()));

        assertThatThrownBy(() -> guard.acquire(call(Optional.empty())))
                .isInstanceOf(TierSaturatedException.class)
                .hasMessageContaining("stayed saturated for PT0.05S");
        running.succeeded();
        guard.acquire(call(Optional.empty())).succeeded();
    }

    @Test
    void refusesCallsOverTheRequestAndTokenRateLimits() {
        TierResilience requests =
                guard("remote", ResilienceConfig.custom().requestsPerMinute(2).build());
        requests.acquire(call(Optional.empty())).succeeded();
        requests.acquire(call(Optional.empty())).succeeded();

        assertThatThrownBy(() -> requests.acquire(call(Optional.empty())))
                .isInstanceOf(RateLimitExceededException.class)
                .hasMessageContaining("limit of 2 requests per minute");

        TierResilience tokens =
                guard("remote", ResilienceConfig.custom().tokensPerMinute(1_000).build());
        tokens.acquire(new TierResilience.Call(Optional.empty(), 800, TierResilience.RetryObserver.NONE))
                .succeeded();
        assertThatThrownBy(() -> tokens.acquire(
                        new TierResilience.Call(Optional.empty(), 800, TierResilience.RetryObserver.NONE)))
                .isInstanceOf(RateLimitExceededException.class)
                .hasMessageContaining("limit of 1000 tokens per minute");
    }

    @Test
    void stopsACallThatRunsPastTheTotalTimeoutAndInterruptsIt() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch gone = new CountDownLatch(1);
        ChatModel slow = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                } finally {
                    gone.countDown();
                }
                return new ScriptedModel().doChat(request);
            }
        };
        TierResilience guard = guard(
                "remote",
                ResilienceConfig.custom()
                        .maxAttempts(1)
                        .firstTokenTimeout(Duration.ofMillis(50))
                        .totalTimeout(Duration.ofMillis(50))
                        .build());

        assertThatThrownBy(() -> guard.call(slow, REQUEST, call(Optional.empty())))
                .isInstanceOf(TierTimeoutException.class)
                .hasMessage("tier 'remote' did not answer within PT0.05S (totalTimeout). Raise it for long answers,"
                        + " or use a faster tier.");
        assertThat(gone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isTrue();
    }

    @Test
    void failsOverAtOnceOnAnExceptionTypeNoTierDocumentsAndKeepsItsMessageOut() {
        ScriptedModel model = new ScriptedModel(fail(new IllegalStateException("engine hiccup")), () -> "fine");
        TierResilience guard = guard("remote", ResilienceConfig.ofDefaults());

        assertThatThrownBy(() -> guard.call(model, REQUEST, call(Optional.empty())))
                .isInstanceOf(TierUnavailableException.class)
                .hasMessage("tier 'remote' failed with java.lang.IllegalStateException");
        assertThat(model.calls).hasValue(1);
    }

    @Test
    void retriesALangChain4jRetriableException() {
        ScriptedModel model =
                new ScriptedModel(fail(new dev.langchain4j.exception.RetriableException("overloaded")), () -> "fine");
        TierResilience guard = guard("remote", ResilienceConfig.ofDefaults());

        assertThat(guard.call(model, REQUEST, call(Optional.empty()))
                        .aiMessage()
                        .text())
                .isEqualTo("fine");
        assertThat(retried)
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("overloaded"));
    }

    private TierResilience guard(String name, ResilienceConfig config) {
        Tier tier = name.equals("local")
                ? Tier.local(name, new ScriptedModel()).build()
                : Tier.remote(name, new ScriptedModel()).build();
        RandomGenerator random = new SplittableRandom(42);
        ResilienceSettings settings = ResilienceSettings.custom()
                .tier(name, config)
                .sleeper(sleeps::add)
                .random(random)
                .build();
        return Resilience.create(settings, Map.of(name, tier), clock, transitions::add)
                .forTier(name);
    }

    private TierResilience.Call call(Optional<Instant> deadline) {
        return new TierResilience.Call(deadline, 100, (failure, latency, backoff) -> retried.add(failure));
    }

    private static TierUnavailableException unavailable() {
        return new TierUnavailableException("remote", "HTTP 503", null);
    }
}
