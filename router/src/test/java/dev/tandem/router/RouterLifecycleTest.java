package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.audit.AuditVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One policy per request, and a router that releases what it opened. */
class RouterLifecycleTest {

    private static final String EMAIL_PROMPT = "Please write to jane.doe@example.com about the invoice.";

    /** Emails are highly sensitive and stay local; everything else goes remote. */
    private static final Policy STRICT = PolicyLoader.parse("""
            name: strict
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            assessment:
              privacy:
                entity-levels: {EMAIL: high}
            rules:
              - name: personal-stays-local
                when: {sensitivity-at-least: high}
                keep-local: {}
            default:
              route: {tier: remote}
            """, "strict.yaml");

    /** Emails are of low sensitivity, and nothing goes remote at all. */
    private static final Policy OFFLINE = PolicyLoader.parse("""
            name: offline
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            assessment:
              privacy:
                entity-levels: {EMAIL: low}
            rules: []
            default:
              keep-local: {}
            """, "offline.yaml");

    @TempDir
    Path folder;

    private final List<String> remoteReceived = new CopyOnWriteArrayList<>();

    @Test
    void aReloadBetweenAssessmentAndDecisionCannotMixTwoPolicies() {
        // Each request reads the source once: OFFLINE first, then STRICT for every later read. Read twice,
        // the request would be assessed under OFFLINE (email: low) and decided under STRICT (default remote).
        AtomicBoolean armed = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        Supplier<Policy> reloading = () -> !armed.get() || reads.getAndIncrement() > 0 ? STRICT : OFFLINE;
        TandemRouter switching = TandemRouter.builder()
                .policySource(reloading)
                .tier(Tier.local("local", model("local", null)).build())
                .tier(Tier.remote("remote", model("remote", remoteReceived)).build())
                .build();
        armed.set(true);

        ChatResponse first = switching.chat(request(EMAIL_PROMPT));
        ChatResponse second = switching.chat(request(EMAIL_PROMPT));

        assertThat(TandemResponseMetadata.from(first)
                        .decision()
                        .reasons()
                        .get(0)
                        .rule())
                .isEqualTo("default");
        assertThat(TandemResponseMetadata.from(first).outcome().tier()).isEqualTo("local");
        assertThat(TandemResponseMetadata.from(second)
                        .decision()
                        .reasons()
                        .get(0)
                        .rule())
                .isEqualTo("personal-stays-local");
        assertThat(remoteReceived).isEmpty();
    }

    @Test
    void closingReleasesThePolicysAuditLogSoASecondRouterWritesTheSameFile() throws Exception {
        Path audit = folder.resolve("audit.jsonl");
        Policy policy = PolicyLoader.parse("""
                name: audited
                tiers:
                  local: {locality: local}
                default:
                  keep-local: {}
                audit:
                  file: %s
                """.formatted(audit), "audited.yaml");

        try (TandemRouter first = router(policy)) {
            first.chat(request("first"));
        }
        try (TandemRouter second = router(policy)) {
            second.chat(request("second"));
            second.close();
        }

        List<String> records = Files.readAllLines(audit).stream()
                .filter(line -> line.contains("\"type\":\"request\""))
                .toList();
        assertThat(records).hasSize(2);
        assertThat(new ObjectMapper().readTree(records.get(1)).get("status").asText())
                .isEqualTo("completed");
        assertThat(AuditVerifier.verify(audit).problems()).isEmpty();
    }

    private static TandemRouter router(Policy policy) {
        return TandemRouter.builder()
                .policy(policy)
                .tier(Tier.local("local", model("local", null)).build())
                .build();
    }

    private static TandemRequest request(String prompt) {
        return TandemRequest.of(
                ChatRequest.builder().messages(UserMessage.from(prompt)).build(), CallerMetadata.none());
    }

    private static ChatModel model(String name, List<String> received) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                if (received != null) {
                    received.add(request.messages().toString());
                }
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(name + " answer"))
                        .modelName(name)
                        .build();
            }
        };
    }
}
