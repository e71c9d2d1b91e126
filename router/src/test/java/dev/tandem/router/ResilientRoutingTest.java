package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.event.BreakerTransitionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.resilience.CircuitOpenException;
import dev.tandem.router.resilience.ResilienceConfig;
import dev.tandem.router.resilience.ResilienceSettings;
import dev.tandem.router.resilience.TierSaturatedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The execute stage with its guards: retries as attempts, refusals as skips, fallbacks both ways. */
class ResilientRoutingTest {

    private static final Policy LOCAL_FIRST = PolicyLoader.parse("""
            name: local-first
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules:
              - name: cards-stay-local
                when: {sensitivity-at-least: high}
                keep-local: {}
            default:
              route: {tier: local, fallback: [remote]}
            """, "local-first.yaml");

    private static final Policy REMOTE_FIRST = PolicyLoader.parse("""
            name: remote-first
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              route: {tier: remote, fallback: [local]}
            """, "remote-first.yaml");

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Test
    void recordsEachRetryAsItsOwnAttemptAndIsNotDegradedWhenTheSameTierAnswers() {
        CountingModel remote = new CountingModel(2);
        TandemRouter router = router(REMOTE_FIRST, FakeChatModel.answering("tiny", "local"), remote, settings(3, 10));

        ChatResponse response = router.chat(UserMessage.from("hi"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("remote ok");
        assertThat(routing.outcome().attempts())
                .extracting(Attempt::tier, Attempt::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.SUCCEEDED));
        assertThat(routing.outcome().degraded()).isFalse();
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void servesLocallyAndSaysDegradedOnceTheRemoteBreakerIsOpen() {
        CountingModel remote = new CountingModel(Integer.MAX_VALUE);
        List<BreakerTransitionEvent> transitions = new CopyOnWriteArrayList<>();
        TandemRouter router = TandemRouter.builder()
                .policy(REMOTE_FIRST)
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "local answer"))
                        .build())
                .tier(Tier.remote("remote", remote).build())
                .resilience(settings(1, 4))
                .listener(new TandemListener() {
                    @Override
                    public void onBreakerTransition(BreakerTransitionEvent event) {
                        transitions.add(event);
                    }
                })
                .build();
        for (int i = 0; i < 4; i++) {
            router.chat(UserMessage.from("hi"));
        }

        ChatResponse response = router.chat(UserMessage.from("hi"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("local answer");
        assertThat(remote.calls).isEqualTo(4);
        Attempt skipped = routing.outcome().attempts().get(0);
        assertThat(skipped.status()).isEqualTo(AttemptStatus.SKIPPED);
        assertThat(skipped.failure().orElseThrow().type()).isEqualTo(CircuitOpenException.class.getSimpleName());
        assertThat(routing.outcome().degraded()).isTrue();
        assertThat(transitions).singleElement().satisfies(event -> {
            assertThat(event.tier()).isEqualTo("remote");
            assertThat(event.to()).isEqualTo(BreakerTransitionEvent.State.OPEN);
        });
        assertThat(router.resilience().health().isHealthy("remote")).isFalse();
    }

    @Test
    void sendsARequestToRemoteWhenTheLocalModelIsSaturatedAndPrivacyAllows() throws Exception {
        BlockingModel local = new BlockingModel();
        FakeChatModel remote = FakeChatModel.answering("big", "remote answer");
        ResilienceSettings settings = ResilienceSettings.custom()
                .localDefaults(ResilienceConfig.from(ResilienceConfig.localDefaults())
                        .maxConcurrentCalls(1)
                        .maxQueuedCalls(0)
                        .build())
                .build();
        TandemRouter router = router(LOCAL_FIRST, local, remote, settings);
        Thread busy = Thread.ofVirtual().start(() -> router.chat(UserMessage.from("first")));
        assertThat(local.started.await(5, TimeUnit.SECONDS)).isTrue();

        ChatResponse response = router.chat(UserMessage.from("second"));

        assertThat(response.aiMessage().text()).isEqualTo("remote answer");
        Attempt first =
                TandemResponseMetadata.from(response).outcome().attempts().get(0);
        assertThat(first.status()).isEqualTo(AttemptStatus.SKIPPED);
        assertThat(first.failure().orElseThrow().type()).isEqualTo(TierSaturatedException.class.getSimpleName());

        assertThatThrownBy(() -> router.chat(UserMessage.from("My card is 4111 1111 1111 1111")))
                .isInstanceOfSatisfying(
                        NoRouteAvailableException.class,
                        e -> assertThat(e.attempts())
                                .extracting(Attempt::tier, Attempt::status)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple("local", AttemptStatus.SKIPPED)));
        assertThat(remote.everythingReceived()).doesNotContain("4111");
        local.release.countDown();
        busy.join(5_000);
    }

    private TandemRouter router(Policy policy, ChatModel local, ChatModel remote, ResilienceSettings settings) {
        return TandemRouter.builder()
                .policy(policy)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .resilience(settings)
                .build();
    }

    private ResilienceSettings settings(int attempts, int breakerWindow) {
        return ResilienceSettings.custom()
                .remoteDefaults(ResilienceConfig.custom()
                        .maxAttempts(attempts)
                        .slidingWindowSize(breakerWindow)
                        .minimumNumberOfCalls(breakerWindow)
                        .build())
                .sleeper(sleeps::add)
                .build();
    }

    /** Fails with HTTP 503 for the first {@code failures} calls, then answers. */
    private static final class CountingModel implements ChatModel {
        private final int failures;
        volatile int calls;

        CountingModel(int failures) {
            this.failures = failures;
        }

        @Override
        public synchronized ChatResponse doChat(ChatRequest request) {
            calls++;
            if (calls <= failures) {
                throw new TierUnavailableException("remote", "HTTP 503", null);
            }
            return ChatResponse.builder().aiMessage(AiMessage.from("remote ok")).build();
        }
    }

    /** Blocks every call until released. */
    private static final class BlockingModel implements ChatModel {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public ChatResponse doChat(ChatRequest request) {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from("local answer"))
                    .build();
        }
    }
}
