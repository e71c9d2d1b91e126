package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.LocalResponseMetadata;
import dev.tandem.local.TokenLogprobs;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.policy.budget.BudgetStore;
import dev.tandem.policy.budget.InMemoryBudgetStore;
import dev.tandem.policy.budget.Usage;
import dev.tandem.router.audit.AuditConfig;
import dev.tandem.router.audit.AuditLog;
import dev.tandem.router.audit.AuditReader;
import dev.tandem.router.audit.AuditRecords;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.report.RequestsSentReport;
import dev.tandem.router.report.RoutingReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow mode against a real HTTP remote (WireMock): what is sent, what is recorded, and that the caller
 * never notices. Shadow calls run on a queue this test drains after the caller has its answer, which is
 * how "never delays the caller" shows without timing anything.
 */
class ShadowModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final OpenAiWireMock remote = new OpenAiWireMock();
    private final List<Runnable> queued = new ArrayList<>();

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void aLocallyServedRequestIsAlsoAskedRemotelyAfterTheCallerHasItsAnswer() throws Exception {
        remoteAnswers("Eight!");
        TandemRouter router = router(policy("agreement: normalised-match"), FakeChatModel.answering("tiny", "eight"));

        ChatResponse response = router.chat(UserMessage.from("How many legs does a spider have?"));

        assertThat(response.aiMessage().text()).isEqualTo("eight");
        assertThat(TandemResponseMetadata.from(response).outcome().tier()).isEqualTo("local");
        assertThat(remoteBodies()).isEmpty();
        assertThat(queued).hasSize(1);

        drain();

        assertThat(remoteBodies()).singleElement().asString().contains("How many legs does a spider have?");
        assertThat(labels()).singleElement().satisfies(label -> {
            assertThat(label.get("prompt").asText()).isEqualTo("How many legs does a spider have?");
            assertThat(label.get("label").asText()).isEqualTo("local");
            assertThat(label.get("origin").asText()).isEqualTo("shadow:normalised-match");
        });
    }

    @Test
    void answersThatDifferLabelThePromptRemote() throws Exception {
        remoteAnswers("100 degrees.");
        TandemRouter router = router(policy("agreement: normalised-match"), FakeChatModel.answering("tiny", "90"));

        router.chat(UserMessage.from("At how many degrees Celsius does water boil at sea level?"));
        drain();

        assertThat(labels())
                .singleElement()
                .satisfies(label -> assertThat(label.get("label").asText()).isEqualTo("remote"));
    }

    @Test
    void nothingSensitiveIsEverShadowed() throws Exception {
        remoteAnswers("ok");
        TandemRouter router = router(policy("agreement: normalised-match"), FakeChatModel.answering("tiny", "ok"));

        router.chat(UserMessage.from("Write to jane.doe@example.com that her IBAN DE89370400440532013000 is updated"));
        router.chat(UserMessage.from("Charge the card 4111 1111 1111 1111 again"));
        drain();

        assertThat(queued).isEmpty();
        assertThat(remoteBodies()).isEmpty();
        assertThat(Files.exists(store())).isFalse();
    }

    @Test
    void theRemoteFailingChangesNothingForTheCaller() throws Exception {
        remote.failing(500);
        TandemRouter router = router(policy("agreement: normalised-match"), FakeChatModel.answering("tiny", "42"));

        ChatResponse response = router.chat(UserMessage.from("What is six times seven?"));
        drain();

        assertThat(response.aiMessage().text()).isEqualTo("42");
        assertThat(TandemResponseMetadata.from(response).outcome().attempts()).hasSize(1);
        assertThat(remoteBodies()).isNotEmpty();
        assertThat(Files.exists(store()) ? Files.readAllLines(store()) : List.of())
                .isEmpty();
    }

    @Test
    void aRemoteThatTimesOutChangesNothingForTheCaller() throws Exception {
        remote.answeringAfter(Duration.ofSeconds(3));
        ChatModel slow =
                remote.client("remote").callTimeout(Duration.ofMillis(300)).build();
        TandemRouter router = builder(
                        policy("agreement: normalised-match"), FakeChatModel.answering("tiny", "42"), slow)
                .build();

        ChatResponse response = router.chat(UserMessage.from("What is six times seven?"));

        assertThat(response.aiMessage().text()).isEqualTo("42");
        drain();
        assertThat(Files.exists(store()) ? Files.readAllLines(store()) : List.of())
                .isEmpty();
    }

    @Test
    void onlyRequestsThePolicySaysQualifyAreShadowed() throws Exception {
        remoteAnswers("ok");
        Policy policy = policy("agreement: normalised-match\n    when: {prompt-tokens-over: 50}");
        TandemRouter router = router(policy, FakeChatModel.answering("tiny", "ok"));

        router.chat(UserMessage.from("Short question?"));
        router.chat(UserMessage.from("A longer question. ".repeat(40)));
        drain();

        assertThat(remoteBodies()).singleElement().asString().contains("A longer question.");
    }

    @Test
    void aNamedCheckDecidesAgreement() throws Exception {
        remoteAnswers("The answer is B, because entropy increases.");
        Map<String, String> seen = new ConcurrentHashMap<>();
        TandemRouter router = builder(policy("agreement: {check: same-option}"), FakeChatModel.answering("tiny", "B"))
                .answerCheck("same-option", (prompt, local, remoteAnswer) -> {
                    seen.put(local, remoteAnswer);
                    return remoteAnswer.contains("answer is " + local);
                })
                .build();

        router.chat(UserMessage.from("Which is true? A. entropy falls B. entropy rises\nAnswer:"));
        drain();

        assertThat(seen).containsEntry("B", "The answer is B, because entropy increases.");
        assertThat(labels()).singleElement().satisfies(label -> {
            assertThat(label.get("label").asText()).isEqualTo("local");
            assertThat(label.get("origin").asText()).isEqualTo("shadow:check:same-option");
        });
    }

    @Test
    void aCheckThePolicyNamesMustBeRegistered() {
        assertThatThrownBy(() -> router(policy("agreement: {check: same-option}"), FakeChatModel.answering("t", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("check 'same-option', which is not registered");
    }

    @Test
    void aJudgeModelDecidesAgreementAndItsCallIsSentToo() throws Exception {
        remoteAnswers("yes");
        TandemRouter router = router(policy("agreement: {judge: remote}"), FakeChatModel.answering("tiny", "Four."));

        router.chat(UserMessage.from("How many legs has a dog?"));
        drain();

        assertThat(remoteBodies()).hasSize(2);
        assertThat(remoteBodies().get(1))
                .contains("Answer A:")
                .contains("Four.")
                .contains("Answer B:");
        assertThat(labels())
                .singleElement()
                .satisfies(label -> assertThat(label.get("origin").asText()).isEqualTo("shadow:judge:remote"));
    }

    @Test
    void everyShadowAndJudgeCallIsInTheAuditLogAndTheRequestsSentExport() throws Exception {
        remoteAnswers("yes");
        Path auditFile = work.resolve("audit.jsonl");
        try (AuditLog audit = AuditLog.open(AuditConfig.custom(auditFile).build());
                TandemRouter router = builder(
                                policy("agreement: {judge: remote}"), FakeChatModel.answering("tiny", "Four."))
                        .listener(audit)
                        .build()) {
            router.chat(TandemRequest.of(
                    ChatRequest.builder()
                            .messages(UserMessage.from("How many legs has a dog?"))
                            .build(),
                    CallerMetadata.builder().tenant("globex").build()));
            drain();
        }

        AuditRecords records = AuditReader.readTolerant(auditFile);
        assertThat(records.shadowCalls())
                .extracting(call -> call.purpose() + " " + call.tier() + " "
                        + call.tenant().orElseThrow() + " " + call.answered() + " " + call.agreed())
                .containsExactlyInAnyOrder(
                        "shadow remote globex true Optional[true]", "judge remote globex true Optional[true]");
        assertThat(Files.readString(auditFile)).doesNotContain("How many legs").doesNotContain("Four.");
        assertThat(AuditVerifier.verify(auditFile).valid()).isTrue();
        List<RequestsSentReport.Sent> sent = RequestsSentReport.builder()
                .tenant("globex")
                .shadowCalls(records.shadowCalls())
                .build()
                .select(records.entries());
        assertThat(sent).extracting(RequestsSentReport.Sent::status).containsExactly("shadow", "judge");
        assertThat(sent).allSatisfy(s -> assertThat(s.allowedBy()).startsWith("learning.shadow"));
        assertThat(RoutingReport.builder().build().render(records))
                .contains("Shadow comparisons per remote tier")
                .containsPattern("<th scope=\"row\">remote</th><td>1</td><td>1</td><td>0</td><td>0</td><td>100%</td>");
    }

    @Test
    void budgetsCountShadowCalls() throws Exception {
        remoteAnswers("ok");
        List<String> keys = new ArrayList<>();
        BudgetStore counted = new BudgetStore() {
            private final InMemoryBudgetStore store = new InMemoryBudgetStore();

            @Override
            public Usage get(String key) {
                return store.get(key);
            }

            @Override
            public Usage add(String key, Usage delta, Duration ttl) {
                keys.add(key);
                return store.add(key, delta, ttl);
            }

            @Override
            public void close() {}
        };
        Policy policy = PolicyLoader.parse(policyYaml("agreement: normalised-match") + """
                budgets:
                  limits:
                    - name: remote-calls
                      max-requests: 100
                      tiers: [remote]
                      when-exceeded: {keep-local: {}}
                """, "shadow.yaml");
        TandemRouter router = builder(policy, FakeChatModel.answering("tiny", "ok"))
                .budgetStore(counted)
                .build();

        router.chat(UserMessage.from("Say ok."));
        drain();

        String remoteKey = keys.stream()
                .filter(key -> key.contains(":remote-calls:"))
                .findFirst()
                .orElseThrow();
        assertThat(counted.get(remoteKey).requests()).isEqualTo(1);
        assertThat(counted.get(remoteKey).tokens()).isEqualTo(OpenAiWireMock.TOTAL_TOKENS);
    }

    @Test
    void anEscalationIsRecordedAsARemoteLabel() throws Exception {
        remoteAnswers("A careful answer.");
        Policy policy = PolicyLoader.parse("""
                name: cascade
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                rules: []
                default:
                  local-first: {escalate-to: remote, min-confidence: 0.6}
                learning:
                  store: %s
                """.formatted(store()), "cascade.yaml");
        TandemRouter router = router(policy, unsureLocal());

        router.chat(UserMessage.from("Explain how photosynthesis works."));

        assertThat(labels()).singleElement().satisfies(label -> {
            assertThat(label.get("label").asText()).isEqualTo("remote");
            assertThat(label.get("origin").asText()).isEqualTo("escalation");
        });
    }

    @Test
    void theStoreIsReadableByItsOwnerOnly() throws Exception {
        remoteAnswers("ok");
        TandemRouter router = router(policy("agreement: normalised-match"), FakeChatModel.answering("tiny", "ok"));

        router.chat(UserMessage.from("Say ok."));
        drain();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store())))
                .isEqualTo("rw-------");
    }

    @Test
    void closingTheRouterClosesItsLabelStore() throws Exception {
        remoteAnswers("ok");
        TandemRouter router = router(policy("agreement: normalised-match"), FakeChatModel.answering("tiny", "ok"));
        router.chat(UserMessage.from("Say ok."));
        router.chat(UserMessage.from("Say ok again."));
        queued.remove(0).run();

        router.close();
        drain();

        assertThat(labels())
                .singleElement()
                .satisfies(label -> assertThat(label.get("prompt").asText()).isEqualTo("Say ok."));
    }

    private TandemRouter router(Policy policy, ChatModel local) {
        return builder(policy, local).build();
    }

    private TandemRouter.Builder builder(Policy policy, ChatModel local) {
        return builder(policy, local, remote.client("remote").build());
    }

    private TandemRouter.Builder builder(Policy policy, ChatModel local, ChatModel remoteModel) {
        return TandemRouter.builder()
                .policy(policy)
                .learningExecutor(queued::add)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remoteModel).build());
    }

    private Policy policy(String shadowAgreement) {
        return PolicyLoader.parse(policyYaml(shadowAgreement), "shadow.yaml");
    }

    /** Everything served locally; every qualifying request shadowed (sample 1). */
    private String policyYaml(String shadowAgreement) {
        return """
                name: shadowed
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                rules: []
                default: {route: {tier: local}}
                learning:
                  store: %s
                  shadow:
                    tier: remote
                    sample: 1
                    %s
                """.formatted(store(), shadowAgreement);
    }

    private Path store() {
        return work.resolve("labels/traffic.jsonl");
    }

    private void remoteAnswers(String text) {
        remote.answering(text);
    }

    private void drain() {
        List<Runnable> tasks = List.copyOf(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }

    private List<String> remoteBodies() {
        return remote.bodies();
    }

    private List<JsonNode> labels() throws IOException {
        List<JsonNode> labels = new ArrayList<>();
        for (String line : Files.readAllLines(store(), StandardCharsets.UTF_8)) {
            labels.add(JSON.readTree(line));
        }
        return labels;
    }

    /** A local model whose answer is too unlikely to pass a 0.6 confidence check. */
    private static ChatModel unsureLocal() {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from("Purple seven."))
                        .metadata(LocalResponseMetadata.builder()
                                .logprobs(new TokenLogprobs(List.of(-4.0, -4.0, -4.0), List.of(0.2, 0.2, 0.2)))
                                .finishReason(FinishReason.STOP)
                                .modelName("tiny-local")
                                .build())
                        .build();
            }
        };
    }
}
