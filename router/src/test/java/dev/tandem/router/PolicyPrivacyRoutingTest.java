package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.assess.MessageText;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The policy's {@code assessment.privacy} section drives the assess and redact stages of the router. */
class PolicyPrivacyRoutingTest {

    private static final String TIERS = """
            name: %s
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules:
              - name: restricted-stays-local
                when: {sensitivity-at-least: restricted}
                keep-local: {}
            default:
              redact-then-remote: {tier: remote}
            """;

    private final FakeChatModel local = FakeChatModel.answering("tiny-local", "local answer");
    private final FakeChatModel remote = FakeChatModel.echoing("big-remote");

    @Test
    void entityLevelsOfThePolicyDecideTheSensitivity() {
        TandemRouter router = router(policy("""
                assessment:
                  privacy:
                    entity-levels: {EMAIL: restricted}
                """));

        ChatResponse response = router.chat(UserMessage.from("Write to jane.doe@example.com about the invoice"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.assessment().privacy().sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void levelsAndRecognizersFollowAReloadedPolicy() {
        AtomicReference<Policy> current = new AtomicReference<>(policy(""));
        TandemRouter router = TandemRouter.builder()
                .policySource(current::get)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .build();
        String prompt = "Status of Project Bluebird for jane.doe@example.com?";
        TandemResponseMetadata before = TandemResponseMetadata.from(router.chat(UserMessage.from(prompt)));

        current.set(policy("""
                assessment:
                  privacy:
                    entity-levels: {PROJECT: restricted}
                    deny-lists: [{type: PROJECT, terms: [Project Bluebird]}]
                """));
        TandemResponseMetadata after = TandemResponseMetadata.from(router.chat(UserMessage.from(prompt)));

        assertThat(before.outcome().tier()).isEqualTo("remote");
        assertThat(before.assessment().privacy().types()).containsExactly(EntityType.EMAIL);
        assertThat(after.outcome().tier()).isEqualTo("local");
        assertThat(after.assessment().privacy().sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(after.assessment().privacy().types()).contains(EntityType.of("PROJECT"));
    }

    @Test
    void customPatternsAndAllowListsFromThePolicyApply() {
        TandemRouter router = router(policy("""
                assessment:
                  privacy:
                    patterns: [{type: EMPLOYEE_ID, regex: '\\bEMP-\\d{6}\\b', score: 0.8}]
                    allow-lists: [{terms: [support@acme.example], only-for: [EMAIL]}]
                """));

        ChatResponse response = router.chat(
                UserMessage.from("Ask support@acme.example why EMP-123456 cannot log in, and cc bob@corp.example"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.assessment().privacy().countsByType())
                .containsEntry(EntityType.of("EMPLOYEE_ID"), 1)
                .containsEntry(EntityType.EMAIL, 1);
        assertThat(remote.everythingReceived())
                .contains("support@acme.example", "<EMPLOYEE_ID_1>", "<EMAIL_1>")
                .doesNotContain("EMP-123456", "bob@corp.example");
        assertThat(response.aiMessage().text()).contains("EMP-123456", "bob@corp.example");
    }

    @Test
    void placeholdersAreConsistentAcrossEveryMessageOfTheConversation() {
        TandemRouter router = router(policy(""));

        router.chat(ChatRequest.builder()
                .messages(
                        SystemMessage.from("The customer is jane.doe@example.com."),
                        UserMessage.from("Mail jane.doe@example.com and then ann@example.org."),
                        UserMessage.from("Remind jane.doe@example.com tomorrow."))
                .build());

        String sent = remote.everythingReceived();
        assertThat(sent)
                .contains(
                        "The customer is <EMAIL_1>.",
                        "Mail <EMAIL_1> and then <EMAIL_2>.",
                        "Remind <EMAIL_1> tomorrow.")
                .doesNotContain("jane.doe@example.com", "ann@example.org");
    }

    @Test
    void maskedAndHashedValuesAreNotRestoredAndPseudonymsAre() {
        TandemRouter router = router(policy("""
                assessment:
                  privacy:
                    redaction: {EMAIL: mask, PHONE: hash, PERSON: pseudonym}
                """));

        ChatResponse response = router.chat(
                UserMessage.from("Dear Mr. John Smith, call +1 650 253 0000 or write to john@example.com today."));

        String sent = MessageText.of(remote.received().get(0).messages().get(0));
        assertThat(sent)
                .contains("j***@e******.com")
                .containsPattern("<PHONE#[0-9a-f]{8}>")
                .doesNotContain("John Smith", "650 253 0000", "john@example.com", "<PERSON_");
        assertThat(response.aiMessage().text())
                .contains("John Smith", "j***@e******.com")
                .containsPattern("<PHONE#[0-9a-f]{8}>");
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.decision().reasons())
                .extracting(Reason::explanation)
                .anySatisfy(text -> assertThat(text).contains("EMAIL: mask", "PERSON: pseudonym"));
    }

    @Test
    void aBlockedTypeKeepsTheRequestOffRemoteTiersWithAReason() {
        TandemRouter router = router(policy("""
                assessment:
                  privacy:
                    entity-levels: {CREDIT_CARD: high}
                    redaction: {CREDIT_CARD: block}
                """));

        ChatResponse response = router.chat(UserMessage.from("Why was card 4111 1111 1111 1111 declined?"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.decision().remoteAllowed()).isFalse();
        assertThat(routing.decision().reasons())
                .extracting(Reason::describe)
                .contains("redaction-block: CREDIT_CARD is blocked from remote tiers"
                        + " (assessment.privacy.redaction); skipped remote; served by local");
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void aBlockedTypeAlsoCancelsARemoteEscalation() {
        TandemRouter router = TandemRouter.builder()
                .policy(PolicyLoader.parse("""
                        name: cascade
                        tiers:
                          local: {locality: local}
                          remote: {locality: remote}
                        default:
                          local-first: {escalate-to: remote, min-confidence: 0.99}
                        """, "cascade.yaml"))
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .redaction(EntityType.CREDIT_CARD, RedactionMethod.BLOCK)
                .build();

        ChatResponse response = router.chat(UserMessage.from("Why was card 4111 1111 1111 1111 declined?"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.decision().escalation()).isEmpty();
        assertThat(routing.decision().remoteAllowed()).isFalse();
        assertThat(routing.decision().reasons()).extracting(Reason::rule).contains("redaction-block");
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void aBlockedTypeWithoutALocalTierIsRejectedNamingTheType() {
        TandemRouter router = TandemRouter.builder()
                .policy(PolicyLoader.parse("""
                        name: remote-only
                        tiers: {remote: {locality: remote}}
                        default: {route: {tier: remote}}
                        """, "remote-only.yaml"))
                .tier(Tier.remote("remote", remote).build())
                .redaction(EntityType.CREDIT_CARD, RedactionMethod.BLOCK)
                .build();

        assertThatThrownBy(() -> router.chat(UserMessage.from("Card 4111 1111 1111 1111 was declined")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("the request contains CREDIT_CARD, which assessment.privacy.redaction blocks"
                        + " from remote tiers, and no local tier is configured")
                .hasMessageNotContaining("4111");
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void theRouterBuilderOverridesThePolicysRedactionMethod() {
        TandemRouter router = TandemRouter.builder()
                .policy(policy("""
                        assessment:
                          privacy:
                            redaction: {EMAIL: block}
                        """))
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .redaction(EntityType.EMAIL, RedactionMethod.MASK)
                .build();

        router.chat(UserMessage.from("Write to jane.doe@example.com about the invoice"));

        assertThat(remote.everythingReceived()).contains("j*******@e******.com");
    }

    @Test
    void aStreamedAnswerGetsPseudonymsAndPlaceholdersBackWhereverTheChunksSplitThem() throws Exception {
        EchoInChunks echo = new EchoInChunks();
        TandemRouter router = TandemRouter.builder()
                .policy(policy("""
                        assessment:
                          privacy:
                            redaction: {PERSON: pseudonym}
                        """))
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", echo).build())
                .build();
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("Dear Mr. John Smith, please write to john@example.com today."))
                        .build(),
                handler);

        ChatResponse response = handler.await();
        assertThat(echo.sent.get())
                .doesNotContain("John Smith", "john@example.com")
                .contains("<EMAIL_1>");
        assertThat(handler.text())
                .isEqualTo(response.aiMessage().text())
                .isEqualTo("Dear Mr. John Smith, please write to john@example.com today.");
    }

    /** A remote that streams back the last message it got, three characters per chunk. */
    private static final class EchoInChunks
            implements dev.langchain4j.model.chat.ChatModel, dev.langchain4j.model.chat.StreamingChatModel {
        final AtomicReference<String> sent = new AtomicReference<>("");

        @Override
        public ChatResponse doChat(ChatRequest request) {
            throw new UnsupportedOperationException("streaming only");
        }

        @Override
        public java.util.List<dev.langchain4j.model.chat.listener.ChatModelListener> listeners() {
            return java.util.List.of();
        }

        @Override
        public dev.langchain4j.model.ModelProvider provider() {
            return dev.langchain4j.model.chat.ChatModel.super.provider();
        }

        @Override
        public java.util.Set<dev.langchain4j.model.chat.Capability> supportedCapabilities() {
            return dev.langchain4j.model.chat.ChatModel.super.supportedCapabilities();
        }

        @Override
        public dev.langchain4j.model.chat.request.ChatRequestParameters defaultRequestParameters() {
            return dev.langchain4j.model.chat.ChatModel.super.defaultRequestParameters();
        }

        @Override
        public void doChat(
                ChatRequest request, dev.langchain4j.model.chat.response.StreamingChatResponseHandler handler) {
            String text =
                    MessageText.of(request.messages().get(request.messages().size() - 1));
            sent.set(text);
            var streamingHandle = new dev.langchain4j.model.chat.response.StreamingHandle() {
                @Override
                public void cancel() {}

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
            for (int i = 0; i < text.length(); i += 3) {
                handler.onPartialResponse(
                        new dev.langchain4j.model.chat.response.PartialResponse(
                                text.substring(i, Math.min(text.length(), i + 3))),
                        new dev.langchain4j.model.chat.response.PartialResponseContext(streamingHandle));
            }
            handler.onCompleteResponse(ChatResponse.builder()
                    .aiMessage(dev.langchain4j.data.message.AiMessage.from(text))
                    .modelName("echo")
                    .tokenUsage(new dev.langchain4j.model.output.TokenUsage(10, 5))
                    .finishReason(dev.langchain4j.model.output.FinishReason.STOP)
                    .build());
        }
    }

    private TandemRouter router(Policy policy) {
        return TandemRouter.builder()
                .policy(policy)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .build();
    }

    private static Policy policy(String assessment) {
        return PolicyLoader.parse(TIERS.formatted("p") + assessment, "p.yaml");
    }
}
