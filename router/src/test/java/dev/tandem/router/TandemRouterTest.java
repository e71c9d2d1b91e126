package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.TierAuthenticationException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.DataClassification;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.difficulty.HeuristicDifficultyEstimator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TandemRouterTest {

    private static final String HARD_PROMPT = "Prove step by step that the sum of the first n odd numbers is n^2,"
            + " then derive the integral of x^2 and analyze the complexity of computing it.";

    private final FakeChatModel local = FakeChatModel.answering("tiny-local", "local answer");
    private final FakeChatModel remote = FakeChatModel.answering("big-remote", "remote answer");

    @Test
    void servesAnEasyRequestLocallyByDefault() {
        TandemRouter router = router(local, remote);

        ChatResponse response = router.chat(UserMessage.from("hi there"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("local answer");
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.outcome().model()).isEqualTo("tiny-local");
        assertThat(routing.decision().reasons()).extracting(Reason::rule).containsExactly("default");
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void sendsAHardRequestRemoteWithLocalFallback() {
        TandemRouter router = router(local, remote);

        ChatResponse response = router.chat(UserMessage.from(HARD_PROMPT));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("remote answer");
        assertThat(routing.decision().tier()).isEqualTo("remote");
        assertThat(routing.decision().fallbacks()).containsExactly("local");
        assertThat(routing.decision().reasons().get(0).rule()).isEqualTo("hard-requests-go-remote");
        assertThat(routing.decision().reasons().get(0).explanation()).startsWith("difficulty 0.");
        assertThat(routing.outcome().locality()).isEqualTo(Locality.REMOTE);
        assertThat(routing.outcome().tokens().input()).isEqualTo(10);
    }

    @Test
    void keepsAHardRequestWithAnEmailLocalAndNeverCallsRemote() {
        TandemRouter router = router(local, remote);

        ChatResponse response = router.chat(UserMessage.from(HARD_PROMPT + " Mail it to jane.doe@example.com."));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.decision().remoteAllowed()).isFalse();
        assertThat(routing.assessment().privacy().sensitivity()).isEqualTo(Sensitivity.HIGH);
        assertThat(routing.decision().reasons().get(0).describe())
                .isEqualTo("personal-data-stays-local: sensitivity high >= high (EMAIL x1)");
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void aKeepLocalRequestFailsRatherThanFallingBackToRemote() {
        FakeChatModel broken = FakeChatModel.failing("tiny-local", new IllegalStateException("engine crashed"));
        TandemRouter router = router(broken, remote);

        assertThatThrownBy(() -> router.chat(UserMessage.from("Call me on +1 650 253 0000")))
                .isInstanceOfSatisfying(NoRouteAvailableException.class, e -> {
                    assertThat(e.attempts()).extracting(Attempt::tier).containsExactly("local");
                    assertThat(e.getMessage())
                            .contains("local (failed: TierUnavailableException")
                            .doesNotContain("650 253 0000");
                    assertThat(e.getSuppressed()).hasOnlyElementsOfType(TierUnavailableException.class);
                });
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void fallsBackToLocalWhenRemoteFailsAndRecordsBothAttempts() {
        FakeChatModel rejecting = FakeChatModel.failing("big-remote", new AuthenticationException("bad key sk-123"));
        TandemRouter router = router(local, rejecting);

        ChatResponse response = router.chat(UserMessage.from(HARD_PROMPT));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("local answer");
        assertThat(routing.outcome().degraded()).isTrue();
        List<Attempt> attempts = routing.outcome().attempts();
        assertThat(attempts)
                .extracting(Attempt::tier, Attempt::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("local", AttemptStatus.SUCCEEDED));
        assertThat(attempts.get(0).failure().orElseThrow().type())
                .isEqualTo(TierAuthenticationException.class.getSimpleName());
        assertThat(attempts.get(0).failure().orElseThrow().message()).doesNotContain("sk-123");
    }

    @Test
    void runsOfflineWithoutARemoteTierAndSaysWhatWouldHaveGoneRemote() {
        TandemRouter router = TandemRouter.builder()
                .difficultyEstimator(new HeuristicDifficultyEstimator())
                .tier(Tier.local("local", local).build())
                .build();

        ChatResponse response = router.chat(UserMessage.from(HARD_PROMPT));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(router.isOffline()).isTrue();
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.decision().reasons())
                .extracting(Reason::describe)
                .anySatisfy(line -> assertThat(line).startsWith("hard-requests-go-remote: difficulty"))
                .contains("offline: would have gone to remote, but no such tier is configured; served by local");
    }

    @Test
    void redactsPersonalDataBeforeRemoteAndRestoresItInTheAnswer() {
        FakeChatModel echo = FakeChatModel.echoing("big-remote");
        TandemRouter router = TandemRouter.builder()
                .policy(PolicyLoader.parse("""
                        name: all-remote
                        tiers:
                          local: {locality: local}
                          remote: {locality: remote}
                        rules: []
                        default:
                          route: {tier: remote, fallback: [local]}
                        """, "all-remote.yaml"))
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", echo).build())
                .build();

        ChatResponse response = router.chat(ChatRequest.builder()
                .messages(
                        SystemMessage.from("Support agent for jane.doe@example.com"),
                        UserMessage.from("Write to jane.doe@example.com and bob@example.org"))
                .build());

        assertThat(echo.everythingReceived())
                .doesNotContain("jane.doe@example.com", "bob@example.org")
                .contains("Support agent for <EMAIL_1>", "Write to <EMAIL_1> and <EMAIL_2>");
        assertThat(response.aiMessage().text()).isEqualTo("echo: Write to jane.doe@example.com and bob@example.org");
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().attempts().get(0).redacted()).isTrue();
        assertThat(routing.decision().reasons()).extracting(Reason::rule).contains("redact-before-remote");
    }

    @Test
    void aConfidentialClassificationKeepsAnOtherwiseHarmlessRequestLocal() {
        TandemRouter router = router(local, remote);
        CallerMetadata caller = CallerMetadata.builder()
                .classification(DataClassification.CONFIDENTIAL)
                .build();

        ChatResponse response = router.chat(TandemRequest.of(
                ChatRequest.builder().messages(UserMessage.from(HARD_PROMPT)).build(), caller));

        assertThat(TandemResponseMetadata.from(response).outcome().tier()).isEqualTo("local");
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void notifiesListenersInTheDocumentedOrder() {
        List<String> events = new ArrayList<>();
        TandemRouter router = TandemRouter.builder()
                .difficultyEstimator(new HeuristicDifficultyEstimator())
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", FakeChatModel.failing("big-remote", new RuntimeException("down")))
                        .build())
                .listener(new TandemListener() {
                    @Override
                    public void onDecision(DecisionEvent event) {
                        events.add("decision:" + event.decision().tier());
                    }

                    @Override
                    public void onAttempt(AttemptEvent event) {
                        events.add("attempt:" + event.attempt().tier() + ":"
                                + event.attempt().status().wireName());
                    }

                    @Override
                    public void onCompleted(CompletedEvent event) {
                        events.add("completed:" + event.outcome().tier());
                    }
                })
                .listener(new TandemListener() {
                    @Override
                    public void onDecision(DecisionEvent event) {
                        throw new IllegalStateException("a broken listener must not break routing");
                    }
                })
                .build();

        router.chat(UserMessage.from(HARD_PROMPT));

        assertThat(events)
                .containsExactly(
                        "decision:remote", "attempt:remote:failed", "attempt:local:succeeded", "completed:local");
    }

    @Test
    void rejectsARequestWithoutUserMessageBeforeCallingAnyTier() {
        List<FailedEvent> failures = new ArrayList<>();
        TandemRouter router = TandemRouter.builder()
                .tier(Tier.local("local", local).build())
                .listener(new TandemListener() {
                    @Override
                    public void onFailed(FailedEvent event) {
                        failures.add(event);
                    }
                })
                .build();

        assertThatThrownBy(() -> router.chat(SystemMessage.from("You are helpful")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageEndingWith("has no user message; add one to ask something");
        assertThat(local.received()).isEmpty();
        assertThat(failures).hasSize(1);
    }

    @Test
    void skipsATierWhoseContextWindowIsTooSmall() {
        TandemRouter router = TandemRouter.builder()
                .tier(Tier.local("local", local).contextWindow(300).build())
                .tier(Tier.remote("remote", remote).build())
                .build();

        ChatResponse response = router.chat(UserMessage.from("Summarise this: " + "word ".repeat(400)));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("remote");
        assertThat(routing.decision().reasons()).extracting(Reason::rule).contains("context-window");
    }

    @Test
    void refusesAPromptThatFitsNoAllowedTier() {
        TandemRouter router = TandemRouter.builder()
                .tier(Tier.local("local", local).contextWindow(100).build())
                .build();

        assertThatThrownBy(() -> router.chat(UserMessage.from("word ".repeat(400))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("more than any allowed tier's context window (local 100)");
        assertThat(local.received()).isEmpty();
    }

    @Test
    void refusesToBuildWithoutTheLocalTierThePolicyNeeds() {
        TandemRouter.Builder builder =
                TandemRouter.builder().tier(Tier.remote("remote", remote).build());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policy 'privacy-first' needs local tier 'local'");
    }

    @Test
    void refusesToBuildWithATierOfTheWrongLocality() {
        TandemRouter.Builder builder =
                TandemRouter.builder().tier(Tier.remote("local", remote).build());

        assertThatThrownBy(builder::build)
                .hasMessageContaining("tier 'local' is remote but policy 'privacy-first' declares it local");
    }

    @Test
    void forCallerAttachesTheCallerToEveryRequest() {
        TandemRouter router = router(local, remote);
        CallerMetadata caller = CallerMetadata.builder()
                .classification(DataClassification.RESTRICTED)
                .build();

        ChatResponse response = router.forCaller(caller)
                .chat(ChatRequest.builder()
                        .messages(UserMessage.from(HARD_PROMPT))
                        .build());

        assertThat(TandemResponseMetadata.from(response).assessment().privacy().sensitivity())
                .isEqualTo(Sensitivity.RESTRICTED);
        assertThat(remote.received()).isEmpty();
    }

    private static TandemRouter router(FakeChatModel local, FakeChatModel remote) {
        // The built-in calibration scores open prompts by length alone (only exam questions have real
        // labels, docs/difficulty.md); the routing under test needs an estimator that calls the proof hard.
        return TandemRouter.builder()
                .difficultyEstimator(new HeuristicDifficultyEstimator())
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .build();
    }
}
