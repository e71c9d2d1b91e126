package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.event.AuditFailureEvent;
import dev.tandem.core.event.BudgetEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.RequestRefusedException;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.audit.AuditVerifier;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the policy file alone switches on: the audit log's HMAC key, checkpoint and refusal (the keys of
 * {@code audit:}), and a {@code budgets.store} that a reload changes.
 */
class PolicyAuditAndBudgetStoreTest {

    private static final String KEY = "a-random-key-from-the-vault-42";
    private static final String TIERS = """
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            default:
              route: {tier: local}
            """;

    @TempDir
    Path folder;

    @Test
    void thePolicysHmacKeySealsTheChainAndItsCheckpointGoesWhereTheKeySays() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        Path checkpoint = Files.createDirectories(folder.resolve("elsewhere")).resolve("head.json");
        Policy policy =
                PolicyLoader.parse("name: sealed\n" + TIERS + """
                audit:
                  file: %s
                  hmac-key: %s
                  checkpoint: %s
                """.formatted(file, KEY, checkpoint), "sealed.yaml");

        try (TandemRouter router = router(() -> policy, new TandemListener() {})) {
            router.chat(request("one", null));
            router.chat(request("two", null));
        }

        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        assertThat(AuditVerifier.verify(file, key, checkpoint).problems()).isEmpty();
        assertThat(AuditVerifier.verify(
                                file, "another-key-of-enough-bytes".getBytes(StandardCharsets.UTF_8), checkpoint)
                        .valid())
                .isFalse();
        assertThat(Files.readString(checkpoint)).contains("\"seq\":");
        assertThat(folder.resolve("audit.jsonl.checkpoint")).doesNotExist();
        assertThat(Files.readString(file)).doesNotContain(KEY);
    }

    @Test
    void refuseWhenUnwritableFromThePolicyRefusesRequestsWhileTheLogCannotBeWritten() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Policy policy = PolicyLoader.parse(
                "name: strict\n" + TIERS + """
                audit:
                  file: %s
                  max-bytes: 4096
                  keep: 2
                  refuse-when-unwritable: true
                """.formatted(logs.resolve("audit.jsonl")), "strict.yaml");
        List<AuditFailureEvent> failures = new CopyOnWriteArrayList<>();

        try (TandemRouter router = router(() -> policy, new TandemListener() {
            @Override
            public void onAuditFailure(AuditFailureEvent event) {
                failures.add(event);
            }
        })) {
            router.chat(request("before", null));
            // The folder goes away under the open log and a plain file takes its name.
            Files.move(logs, folder.resolve("logs-moved"));
            Files.writeString(folder.resolve("logs"), "not a folder");
            for (int i = 0; i < 20 && failures.isEmpty(); i++) {
                router.chat(request("during-" + i, null));
            }

            assertThat(failures).isNotEmpty();
            assertThatThrownBy(() -> router.chat(request("refused", null)))
                    .isInstanceOf(RequestRefusedException.class)
                    .hasMessageContaining("refused by audit: the audit log cannot be written");
        }
    }

    @Test
    void aReloadedBudgetStoreAppliesFromTheNextRequest() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String remote = """
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                default:
                  route: {tier: remote}
                """;
        String limits = """
                  limits:
                    - name: one-a-day
                      tenants: [acme]
                      period: day
                      max-requests: 1
                      on-store-unavailable: fail-open
                      when-exceeded: {refuse: {message: one remote request a day}}
                """;
        Policy inMemory = PolicyLoader.parse(
                "name: memory\n" + remote + "budgets:\n  store: {type: memory}\n" + limits, "m.yaml");
        Policy inRedis = PolicyLoader.parse(
                "name: redis\n" + remote + "budgets:\n  store: {type: redis, url: \"redis://127.0.0.1:" + closedPort
                        + "\"}\n" + limits,
                "r.yaml");
        AtomicReference<Policy> live = new AtomicReference<>(inMemory);
        List<BudgetEvent> events = new CopyOnWriteArrayList<>();

        try (TandemRouter router = router(live::get, new TandemListener() {
            @Override
            public void onBudget(BudgetEvent event) {
                events.add(event);
            }
        })) {
            router.chat(request("first", "acme"));
            assertThatThrownBy(() -> router.chat(request("second", "acme")))
                    .isInstanceOf(RequestRefusedException.class)
                    .hasMessageContaining("one-a-day");

            live.set(inRedis);
            router.chat(request("third", "acme"));

            assertThat(events)
                    .filteredOn(event -> event.requestId().equals("third"))
                    .extracting(BudgetEvent::kind)
                    .contains(BudgetEvent.Kind.STORE_UNAVAILABLE_FAILED_OPEN);

            live.set(inMemory);
            assertThatThrownBy(() -> router.chat(request("fourth", "acme")))
                    .isInstanceOf(RequestRefusedException.class)
                    .hasMessageContaining("one-a-day");
        }
    }

    private static TandemRouter router(java.util.function.Supplier<Policy> policy, TandemListener listener) {
        return TandemRouter.builder()
                .policySource(policy)
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "fine"))
                        .build())
                .listener(listener)
                .build();
    }

    private static TandemRequest request(String id, String tenant) {
        CallerMetadata.Builder caller = CallerMetadata.builder();
        if (tenant != null) {
            caller.tenant(tenant);
        }
        return new TandemRequest(
                id,
                ChatRequest.builder()
                        .messages(UserMessage.from("How many legs does a spider have?"))
                        .build(),
                caller.build());
    }
}
