package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.event.AuditFailureEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.RequestRefusedException;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.audit.AuditConfig;
import dev.tandem.router.audit.AuditLog;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.metrics.TandemMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly one audit record per request, whatever ends it, and audit failures that cannot go unnoticed. */
class AuditCompletenessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Policy LOCAL_FIRST = PolicyLoader.parse("""
            name: local-first
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              route: {tier: local, fallback: [remote]}
            """, "local-first.yaml");

    @TempDir
    Path folder;

    @Test
    void aCancelledStreamLeavesOneCancelledRecordAndLaterEventsAddNone() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        FakeStreamingModel endless = FakeStreamingModel.endless("tiny", "a", "b");
        try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(file))) {
            TandemRouter router = router(endless, FakeStreamingModel.answering("big", "x"), audit);
            RecordingStreamHandler handler = new RecordingStreamHandler(2);

            router.chat(request("cancel-me"), handler);

            assertThat(endless.finished.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(handler.staysSilentFor(Duration.ofMillis(100))).isTrue();
        }

        List<JsonNode> records = requests(file);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("request_id").asText()).isEqualTo("cancel-me");
        assertThat(records.get(0).get("status").asText()).isEqualTo("cancelled");
        assertThat(records.get(0).at("/decision/target").asText()).isEqualTo("local");
        assertThat(AuditVerifier.verify(file).valid()).isTrue();
    }

    @Test
    void aTierThrowingOutsideTheTandemTreeStillLeavesOneFailedRecord() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        ChatModel broken = new ChatModel() {
            @Override
            public dev.langchain4j.model.chat.response.ChatResponse doChat(ChatRequest request) {
                throw new IllegalStateException("a bug in a tier adapter");
            }
        };
        try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(file))) {
            TandemRouter router = TandemRouter.builder()
                    .policy(LOCAL_FIRST)
                    .tier(Tier.local("local", broken).build())
                    .tier(Tier.remote("remote", broken).build())
                    .resilience(StreamingRouterTest.noRetries())
                    .listener(audit)
                    .build();

            Throwable blocking = org.assertj.core.api.Assertions.catchThrowable(() -> router.chat(request("blocking")));
            RecordingStreamHandler handler = new RecordingStreamHandler();
            router.chat(request("streaming"), handler);
            Throwable streamed = handler.awaitError();

            assertThat(blocking).isNotNull();
            assertThat(streamed).isNotNull();
        }

        List<JsonNode> records = requests(file);
        assertThat(records).extracting(r -> r.get("request_id").asText()).containsExactly("blocking", "streaming");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("status").asText()).isEqualTo("failed");
            assertThat(r.get("error").asText()).isNotBlank();
        });
    }

    @Test
    void aFailedRotationIsReportedAndRecordsGoOnIntoTheLiveFile() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        List<AuditFailureEvent> failures = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AuditLog audit = AuditLog.open(AuditConfig.custom(file)
                .maxBytes(AuditConfig.MIN_MAX_BYTES)
                .keep(1)
                .build())) {
            // keep = 1 and FILE.1 a non-empty folder: the rotation cannot drop it, whoever runs the test.
            Files.writeString(
                    Files.createDirectories(folder.resolve("audit.jsonl.1")).resolve("blocker"), "x");
            TandemRouter router = router(
                    FakeStreamingModel.answering("tiny", "fine"),
                    FakeStreamingModel.answering("big", "x"),
                    audit,
                    new TandemListener() {
                        @Override
                        public void onAuditFailure(AuditFailureEvent event) {
                            failures.add(event);
                        }
                    },
                    TandemMetrics.of(registry));

            for (int i = 0; i < 12; i++) {
                router.chat(request("r" + i));
            }

            assertThat(audit.status().rotationFailing()).isTrue();
            assertThat(audit.status().writable()).isTrue();
        }

        assertThat(failures).isNotEmpty().allSatisfy(event -> {
            assertThat(event.kind()).isEqualTo(AuditFailureEvent.Kind.ROTATION);
            assertThat(event.file()).isEqualTo(file.toString());
        });
        assertThat(registry.get(TandemMetrics.AUDIT_FAILURES)
                        .tag("kind", "rotation")
                        .counter()
                        .count())
                .isEqualTo(failures.size());
        assertThat(requests(file)).hasSize(12);
        assertThat(Files.size(file)).isGreaterThan(AuditConfig.MIN_MAX_BYTES);
        Files.delete(folder.resolve("audit.jsonl.1/blocker"));
        Files.delete(folder.resolve("audit.jsonl.1"));
        assertThat(AuditVerifier.verify(file).problems()).isEmpty();
    }

    @Test
    void whileRecordsCannotBeWrittenRequestsAreRefusedWhenConfiguredAndServedAgainOnceTheyCan() throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Path file = logs.resolve("audit.jsonl");
        List<AuditFailureEvent> failures = new CopyOnWriteArrayList<>();
        try (AuditLog audit = AuditLog.open(AuditConfig.custom(file)
                .maxBytes(AuditConfig.MIN_MAX_BYTES)
                .keep(2)
                .refuseWhenUnwritable(true)
                .build())) {
            TandemRouter router = router(
                    FakeStreamingModel.answering("tiny", "fine"),
                    FakeStreamingModel.answering("big", "x"),
                    audit,
                    new TandemListener() {
                        @Override
                        public void onAuditFailure(AuditFailureEvent event) {
                            failures.add(event);
                        }
                    });
            router.chat(request("before"));
            // The folder goes away under the open log and a plain file takes its name: the next rotation
            // cannot move anything, and the live file cannot be opened again.
            Path movedAway = folder.resolve("logs-moved");
            Files.move(logs, movedAway);
            Files.writeString(folder.resolve("logs"), "not a folder");
            List<String> served = new ArrayList<>();
            int i = 0;
            while (failures.stream().noneMatch(f -> f.kind() == AuditFailureEvent.Kind.WRITE) && i < 20) {
                router.chat(request("during-" + i));
                served.add("during-" + i);
                i++;
            }

            assertThat(audit.status().writable()).isFalse();
            assertThatThrownBy(() -> router.chat(request("refused")))
                    .isInstanceOf(RequestRefusedException.class)
                    .hasMessageContaining("refused by audit: the audit log cannot be written");

            Files.delete(folder.resolve("logs"));
            Files.move(movedAway, logs);
            router.chat(request("after"));

            assertThat(audit.status().writable()).isTrue();
            assertThat(served).isNotEmpty();
        }

        assertThat(failures).extracting(AuditFailureEvent::kind).contains(AuditFailureEvent.Kind.WRITE);
        List<String> ids = new ArrayList<>();
        for (Path part : List.of(logs.resolve("audit.jsonl.1"), file)) {
            if (Files.exists(part)) {
                requestsIn(part).forEach(r -> ids.add(r.get("request_id").asText()));
            }
        }
        assertThat(ids).contains("before", "after").doesNotContain("refused");
    }

    private static TandemRouter router(ChatModel local, ChatModel remote, TandemListener... listeners) {
        TandemRouter.Builder builder = TandemRouter.builder()
                .policy(LOCAL_FIRST)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remote).build())
                .resilience(StreamingRouterTest.noRetries());
        for (TandemListener listener : listeners) {
            builder.listener(listener);
        }
        return builder.build();
    }

    private static TandemRequest request(String id) {
        return new TandemRequest(
                id, ChatRequest.builder().messages(UserMessage.from("hi")).build(), CallerMetadata.none());
    }

    private static List<JsonNode> requests(Path file) throws Exception {
        return requestsIn(file);
    }

    private static List<JsonNode> requestsIn(Path file) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode node = JSON.readTree(line);
            if (node.get("type").asText().equals("request")) {
                records.add(node);
            }
        }
        return records;
    }
}
