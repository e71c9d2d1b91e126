package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.core.spi.RemoteConsent;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.router.resilience.PartialStreamFailure;
import dev.tandem.router.resilience.ResilienceConfig;
import dev.tandem.router.resilience.ResilienceSettings;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What reaches a remote tier over real HTTP (WireMock's request journal) when personal data sits in
 * parts of a request other than the user's text, in a partial answer another tier continues, or when
 * the scan cannot run.
 */
class RequestPartsLeakTest {

    private static final String CARD = "4539 1488 0343 6467";
    private static final String EMAIL = "jane.doe@example.com";

    private static final Policy REMOTE_FIRST = policy("""
            name: remote-first
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              route: {tier: remote, fallback: [local]}
            """);

    private static final Policy LOCAL_FIRST_MASKED = policy("""
            name: local-first-masked
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            assessment:
              privacy:
                redaction: {CREDIT_CARD: mask, EMAIL: hash}
            rules: []
            default:
              route: {tier: local, fallback: [remote]}
            """);

    private final OpenAiWireMock remote = new OpenAiWireMock().answering("Done.");

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void aPartialLocalAnswerIsScannedAgainBeforeARemoteTierContinuesIt() throws Exception {
        FakeStreamingModel local = FakeStreamingModel.failingAfter(
                "tiny",
                1,
                new TierUnavailableException("local", "engine stopped", null),
                "Your card 4539-1488-0343-6467 (owner Jane.Doe@Example.com) and " + CARD + " / " + EMAIL + " ",
                "never");
        TandemRouter router = TandemRouter.builder()
                .policy(LOCAL_FIRST_MASKED)
                .tier(Tier.local("local", local).build())
                .tier(remote.tier("remote"))
                .resilience(continuing())
                .build();
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("Summarise: card " + CARD + ", owner " + EMAIL))
                        .build(),
                handler);

        assertThat(handler.await().aiMessage().text()).endsWith("Done.");
        assertThat(remote.bodies()).hasSize(1);
        assertNoneLeaks(remote.bodies(), "4539", "0343", "6467-", "jane", "Jane", "JANE");
        // The reformatted copies get the same mask and hash as the values in the request.
        assertThat(remote.bodies().get(0))
                .contains("\"Your card **** **** **** 6467 (owner <EMAIL#")
                .contains("and **** **** **** 6467 / <EMAIL#");
    }

    @Test
    void everyTextPartOfEveryMessageAndTheStopSequencesAreRedacted() {
        TandemRouter router = router(REMOTE_FIRST, PrivacyScanners.defaults(), RemoteConsent.approveAll());
        ChatRequest request = ChatRequest.builder()
                .messages(
                        SystemMessage.from("Support desk. Escalations go to boss@acme-corp.example."),
                        UserMessage.from(
                                "jane.doe@example.com",
                                List.of(
                                        TextContent.from("Hello"),
                                        TextContent.from("my IBAN is DE89 3704 0044 0532 0130 00"))),
                        AiMessage.from("Noted, I will reply to " + EMAIL),
                        UserMessage.from("Card " + CARD + " please"))
                .parameters(ChatRequestParameters.builder()
                        .stopSequences(List.of("END", "+49 30 901820"))
                        .build())
                .build();

        ChatResponse response = router.chat(request);

        assertThat(response.aiMessage().text()).isEqualTo("Done.");
        String body = remote.bodies().get(0);
        assertNoneLeaks(remote.bodies(), "boss@", "jane.doe", "DE89", "3704", CARD, "901820");
        assertThat(body).contains("\"name\":\"<EMAIL_", "\"stop\":[\"END\",\"<PHONE_1>\"]");
    }

    @Test
    void aUsersLiteralPlaceholderStaysLiteralAndIsNeverRestoredToARealValue() {
        remote.answering("Reply to <EMAIL_1> and <EMAIL_2>.");
        TandemRouter router = router(REMOTE_FIRST, PrivacyScanners.defaults(), RemoteConsent.approveAll());

        ChatResponse response = router.chat(ChatRequest.builder()
                .messages(UserMessage.from("Template token <EMAIL_1> stays; mail " + EMAIL))
                .build());

        assertThat(remote.bodies().get(0)).contains("token <EMAIL_1> stays; mail <EMAIL_2>");
        assertThat(response.aiMessage().text()).isEqualTo("Reply to <EMAIL_1> and " + EMAIL + ".");
    }

    @Test
    void overlappingFindingsFromACustomScannerAreReplacedWhole() {
        PrivacyScanner overlapping = text -> {
            int at = text.indexOf("Jane Q. Public");
            return at < 0
                    ? List.of()
                    : List.of(
                            new EntitySpan(EntityType.of("PERSON"), at, at + 7, 0.9),
                            new EntitySpan(EntityType.of("PERSON"), at + 5, at + 14, 0.8),
                            new EntitySpan(EntityType.of("SURNAME"), at + 8, at + 40, 0.7));
        };
        TandemRouter router = router(REMOTE_FIRST, overlapping, RemoteConsent.approveAll());

        ChatResponse response = router.chat(ChatRequest.builder()
                .messages(UserMessage.from("Hi Jane Q. Public"))
                .build());

        assertThat(response.aiMessage().text()).isEqualTo("Done.");
        assertNoneLeaks(remote.bodies(), "Jane", "Public");
        // One value, replaced whole, as the type of the longest finding once clipped to the text.
        assertThat(remote.bodies().get(0)).contains("\"Hi <PERSON_1>\"");
    }

    @Test
    void aScannerThatFailsKeepsTheRequestLocalAndTheDecisionSaysSo() {
        PrivacyScanner broken = text -> {
            throw new IllegalStateException("model file missing for " + text);
        };
        TandemRouter router = TandemRouter.builder()
                .policy(REMOTE_FIRST)
                .privacyScanner(broken)
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "local answer"))
                        .build())
                .tier(remote.tier("remote"))
                .build();

        ChatResponse response = router.chat(ChatRequest.builder()
                .messages(UserMessage.from("Mail " + EMAIL))
                .build());

        assertThat(response.aiMessage().text()).isEqualTo("local answer");
        assertThat(remote.bodies()).isEmpty();
        assertThat(TandemResponseMetadata.from(response).decision().reasons())
                .extracting(Reason::rule)
                .contains("privacy-scan-failed");
        assertThat(TandemResponseMetadata.from(response).decision().reasons().toString())
                .contains("IllegalStateException", "fail-closed")
                .doesNotContain(EMAIL);
    }

    @Test
    void failClosedFalseSendsARequestWhoseScannerFailedAndTheDecisionSaysSo() {
        Policy open = policy("""
                name: fail-open
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                assessment:
                  privacy: {fail-closed: false}
                rules: []
                default:
                  route: {tier: remote, fallback: [local]}
                """);
        TandemRouter router = router(
                open,
                text -> {
                    throw new IllegalStateException("broken");
                },
                RemoteConsent.approveAll());

        ChatResponse response = router.chat(
                ChatRequest.builder().messages(UserMessage.from("hello")).build());

        assertThat(remote.bodies()).hasSize(1);
        assertThat(TandemResponseMetadata.from(response).decision().reasons().toString())
                .contains("privacy-scan-failed", "fail-closed: false");
    }

    @Test
    void aPolicyThatCannotBeEvaluatedServesTheRequestLocallyAndTheDecisionSaysSo() {
        Policy healthAware = policy("""
                name: health-aware
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                rules:
                  - name: remote-down
                    when: {tier-unhealthy: remote}
                    keep-local: {}
                default:
                  route: {tier: remote, fallback: [local]}
                """);
        TandemRouter router = TandemRouter.builder()
                .policy(healthAware)
                .tierHealth(tier -> {
                    throw new IllegalStateException("health probe crashed");
                })
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "local answer"))
                        .build())
                .tier(remote.tier("remote"))
                .build();

        ChatResponse response = router.chat(
                ChatRequest.builder().messages(UserMessage.from("hello")).build());

        assertThat(response.aiMessage().text()).isEqualTo("local answer");
        assertThat(remote.bodies()).isEmpty();
        assertThat(TandemResponseMetadata.from(response).decision().reasons())
                .singleElement()
                .satisfies(reason -> {
                    assertThat(reason.rule()).isEqualTo("policy-failed");
                    assertThat(reason.explanation()).contains("IllegalStateException", "fail-closed");
                });
    }

    @Test
    void anImageKeepsTheRequestLocalUnlessThePolicyOptsOut() {
        TandemRouter router = router(REMOTE_FIRST, PrivacyScanners.defaults(), RemoteConsent.approveAll());
        TandemRequest withImage = TandemRequest.of(
                ChatRequest.builder()
                        .messages(UserMessage.from(
                                TextContent.from("What is on this scan?"), ImageContent.from("aGVsbG8=", "image/png")))
                        .build(),
                CallerMetadata.none());

        ChatResponse response = router.chat(withImage);

        assertThat(remote.bodies()).isEmpty();
        assertThat(TandemResponseMetadata.from(response).outcome().tier()).isEqualTo("local");
        assertThat(TandemResponseMetadata.from(response).decision().reasons().toString())
                .contains("unscannable-content", "message 0: image", "send-unscannable-content: false");

        Policy optOut = policy("""
                name: images-may-go
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                assessment:
                  privacy: {send-unscannable-content: true}
                rules: []
                default:
                  route: {tier: remote, fallback: [local]}
                """);
        TandemRouter.Plan plan = router(optOut, PrivacyScanners.defaults(), RemoteConsent.approveAll())
                .plan(withImage);
        assertThat(plan.decision().remoteAllowed()).isTrue();
        assertThat(plan.decision().reasons().toString()).contains("may go to remote tiers unscanned");
    }

    @Test
    void theConsentSeesTheRedactedPreviewAndADenialFallsBackToTheLocalTier() {
        List<RemoteConsent.RemoteCall> reviewed = new CopyOnWriteArrayList<>();
        TandemRouter router = router(REMOTE_FIRST, PrivacyScanners.defaults(), call -> {
            reviewed.add(call);
            return RemoteConsent.Verdict.deny("the user said no");
        });

        ChatResponse response = router.chat(ChatRequest.builder()
                .messages(UserMessage.from("Mail " + EMAIL))
                .build());

        assertThat(remote.bodies()).isEmpty();
        assertThat(response.aiMessage().text()).isEqualTo("local answer");
        assertThat(reviewed).singleElement().satisfies(call -> {
            assertThat(call.tier()).isEqualTo("remote");
            assertThat(call.outgoing().messages().get(0)).isEqualTo(UserMessage.from("Mail <EMAIL_1>"));
        });
        Attempt denied =
                TandemResponseMetadata.from(response).outcome().attempts().get(0);
        assertThat(denied.failure().orElseThrow().type()).isEqualTo("ConsentDenied");
        assertThat(denied.failure().orElseThrow().message()).contains("the user said no");
    }

    @Test
    void aDenialWithNoLocalTierEndsWithATypedExceptionAndAFailedEvent() {
        List<FailedEvent> failed = new CopyOnWriteArrayList<>();
        TandemRouter router = TandemRouter.builder()
                .policy(policy("""
                        name: remote-only
                        tiers:
                          remote: {locality: remote}
                        rules: []
                        default:
                          route: {tier: remote}
                        """))
                .tier(remote.tier("remote"))
                .remoteConsent(call -> {
                    throw new IllegalStateException("consent UI crashed");
                })
                .listener(new TandemListener() {
                    @Override
                    public void onFailed(FailedEvent event) {
                        failed.add(event);
                    }
                })
                .build();

        assertThatThrownBy(() -> router.chat(
                        ChatRequest.builder().messages(UserMessage.from("hi")).build()))
                .isInstanceOf(NoRouteAvailableException.class)
                .hasMessageContaining("ConsentDenied");
        assertThat(remote.bodies()).isEmpty();
        assertThat(failed)
                .singleElement()
                .satisfies(event -> assertThat(event.exception()).isInstanceOf(NoRouteAvailableException.class));
    }

    private TandemRouter router(Policy policy, PrivacyScanner scanner, RemoteConsent consent) {
        return TandemRouter.builder()
                .policy(policy)
                .privacyScanner(scanner)
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "local answer"))
                        .build())
                .tier(remote.tier("remote"))
                .remoteConsent(consent)
                .resilience(StreamingRouterTest.noRetries())
                .build();
    }

    private static ResilienceSettings continuing() {
        return ResilienceSettings.custom()
                .remoteDefaults(ResilienceConfig.custom().maxAttempts(1).build())
                .onPartialStreamFailure(PartialStreamFailure.CONTINUE)
                .build();
    }

    private static Policy policy(String yaml) {
        return PolicyLoader.parse(yaml, "test.yaml");
    }

    static void assertNoneLeaks(List<String> bodies, String... values) {
        for (String body : bodies) {
            for (String value : values) {
                assertThat(body).as("a remote body").doesNotContain(value);
            }
        }
    }
}
