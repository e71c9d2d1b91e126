package dev.tandem.router.audit;

import static dev.tandem.router.ObservabilityFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Language;
import dev.tandem.core.assessment.PrivacyAssessment;
import dev.tandem.core.assessment.TokenEstimate;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.outcome.TokenCounts;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.tier.Locality;
import dev.tandem.router.ObservabilityFixture;
import dev.tandem.router.TandemRouter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private final ObservabilityFixture fixture = new ObservabilityFixture();

    @Test
    void writesAHeaderAndOneChainedRecordPerRequestThatVerifies() throws Exception {
        Path file = folder.resolve("audit.jsonl");

        try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(file))) {
            TandemRouter router = fixture.router(audit);
            router.chat(request(
                    "one", "hello", CallerMetadata.builder().tenant("acme").build()));
            // The trigger goes last: at the start, the privacy tagger takes "FAIL Mail" for an organisation,
            // and redaction would hide the trigger from the remote stub.
            router.chat(request("two", ObservabilityFixture.PERSONAL_PROMPT + " FAIL"));
        }

        List<JsonNode> lines = lines(file);
        assertThat(lines).extracting(line -> line.get("type").asText()).containsExactly("header", "request", "request");
        assertThat(lines).extracting(line -> line.get("seq").asLong()).containsExactly(0L, 1L, 2L);
        assertThat(lines.get(0).get("prev").asText()).isEqualTo("0".repeat(64));
        assertThat(lines.get(1).get("prev").asText())
                .isEqualTo(lines.get(0).get("hash").asText());
        JsonNode one = lines.get(1);
        assertThat(one.get("request_id").asText()).isEqualTo("one");
        assertThat(one.get("tenant").asText()).isEqualTo("acme");
        assertThat(one.get("status").asText()).isEqualTo("completed");
        assertThat(one.at("/decision/target").asText()).isEqualTo("remote");
        assertThat(one.at("/decision/route").asText()).isEqualTo("remote");
        assertThat(one.get("tier").asText()).isEqualTo("remote");
        assertThat(one.at("/reasons/0/rule").asText()).isEqualTo("everything-remote");
        JsonNode two = lines.get(2);
        assertThat(two.get("tier").asText()).isEqualTo("local");
        assertThat(two.get("entities").toString()).isEqualTo("{\"CREDIT_CARD\":1,\"EMAIL\":1}");
        assertThat(two.at("/redactions/0/tier").asText()).isEqualTo("remote");
        assertThat(two.at("/redactions/0/counts").toString()).isEqualTo("{\"CREDIT_CARD\":1,\"EMAIL\":1}");
        assertThat(two.at("/fallbacks/0").toString())
                .isEqualTo("{\"from\":\"remote\",\"to\":\"local\",\"error\":\"TierAuthenticationException\"}");
        assertThat(two.at("/attempts/0/error").asText()).isEqualTo("TierAuthenticationException");
        assertThat(AuditVerifier.verify(file).valid()).isTrue();
        assertThat(AuditVerifier.verify(file).records()).isEqualTo(2);
    }

    @Test
    void storesSaltedHashesOfTheTextsThatWhoeverHoldsTheTextCanRecompute() throws Exception {
        Path file = folder.resolve("audit.jsonl");

        try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(file))) {
            fixture.router(audit).chat(request("h", ObservabilityFixture.PERSONAL_PROMPT));
        }

        List<JsonNode> lines = lines(file);
        byte[] salt = Base64.getDecoder().decode(lines.get(0).get("salt").asText());
        assertThat(salt).hasSize(16);
        assertThat(lines.get(1).at("/content/messages/0").asText())
                .isEqualTo(AuditChain.saltedHash(salt, ObservabilityFixture.PERSONAL_PROMPT))
                .isNotEqualTo(
                        AuditChain.sha256Hex(ObservabilityFixture.PERSONAL_PROMPT.getBytes(StandardCharsets.UTF_8)));
        assertThat(lines.get(1).at("/content/answer").asText())
                .isEqualTo(AuditChain.saltedHash(salt, "big-remote answer"));
    }

    @Test
    void neverWritesPersonalDataEvenWhenAReasonQuotesIt() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        Decision decision = new Decision(
                "local",
                Locality.LOCAL,
                List.of(),
                false,
                List.of(new Reason("careless-rule", "the prompt mentions " + ObservabilityFixture.EMAIL)),
                RedactionPlan.none());
        Outcome outcome = new Outcome(
                "local",
                Locality.LOCAL,
                "tiny",
                List.of(Attempt.succeeded(
                        "local", Locality.LOCAL, "tiny", Duration.ofMillis(5), TokenCounts.none(), false)),
                Duration.ofMillis(5),
                TokenCounts.none());

        try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(file))) {
            audit.onDecision(new DecisionEvent("q", Instant.EPOCH, assessment(), decision));
            audit.onCompleted(new CompletedEvent("q", Instant.EPOCH, decision, outcome));
            TandemRouter router = fixture.router(audit);
            router.chat(request("p", ObservabilityFixture.PERSONAL_PROMPT));
            router.chat(request("f", ObservabilityFixture.PERSONAL_PROMPT + " FAIL"));
        }

        String written = Files.readString(file);
        assertThat(written)
                .contains("the prompt mentions <EMAIL>")
                .doesNotContain(ObservabilityFixture.EMAIL)
                .doesNotContain(ObservabilityFixture.CARD)
                .doesNotContain(ObservabilityFixture.CARD.replace(" ", ""))
                .doesNotContain("charged twice");
    }

    @Test
    void rotatesBySizeKeepsTheConfiguredNumberOfFilesAndTheChainSpansThem() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        AuditConfig config = AuditConfig.custom(file).maxBytes(4096).keep(3).build();

        try (AuditLog audit = AuditLog.open(config)) {
            TandemRouter router = fixture.router(audit);
            for (int i = 0; i < 12; i++) {
                router.chat(request("r" + i, "hello " + i));
            }
        }

        assertThat(file.resolveSibling("audit.jsonl.1")).exists();
        assertThat(file.resolveSibling("audit.jsonl.2")).exists();
        for (Path part : AuditChain.files(file)) {
            assertThat(Files.size(part)).isLessThanOrEqualTo(4096);
            assertThat(lines(part).get(0).get("type").asText()).isEqualTo("header");
        }
        AuditVerifier.Verification result = AuditVerifier.verify(file);
        assertThat(result.problems()).isEmpty();
        assertThat(result.files()).isGreaterThanOrEqualTo(3);
        assertThat(AuditReader.read(file)).extracting(AuditEntry::requestId).endsWith("r10", "r11");
    }

    @Test
    void dropsTheOldestFilesBeyondKeep() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        AuditConfig config = AuditConfig.custom(file).maxBytes(4096).keep(1).build();

        try (AuditLog audit = AuditLog.open(config)) {
            TandemRouter router = fixture.router(audit);
            for (int i = 0; i < 12; i++) {
                router.chat(request("r" + i, "hello " + i));
            }
        }

        assertThat(file.resolveSibling("audit.jsonl.1")).exists();
        assertThat(file.resolveSibling("audit.jsonl.2")).doesNotExist();
        AuditVerifier.Verification result = AuditVerifier.verify(file);
        assertThat(result.valid()).isTrue();
        assertThat(result.firstSeq()).isPositive();
    }

    @Test
    void reopeningALogContinuesItsChainAndSalt() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(file))) {
            fixture.router(audit).chat(request("first", "hello"));
        }

        try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(file))) {
            fixture.router(audit).chat(request("second", "hello"));
        }

        List<JsonNode> lines = lines(file);
        assertThat(lines).extracting(line -> line.get("type").asText()).containsExactly("header", "request", "request");
        assertThat(lines.get(2).get("seq").asLong()).isEqualTo(2);
        assertThat(AuditVerifier.verify(file).valid()).isTrue();
    }

    @Test
    void refusesToAppendToALogWhoseLastRecordWasAltered() throws Exception {
        Path file = folder.resolve("audit.jsonl");
        try (AuditLog audit = AuditLog.open(AuditConfig.ofDefaults(file))) {
            fixture.router(audit).chat(request("first", "hello"));
        }
        Files.writeString(file, Files.readString(file).replace("\"tier\":\"remote\"", "\"tier\":\"local\""));

        assertThatThrownBy(() -> AuditLog.open(AuditConfig.ofDefaults(file)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the last record of the audit log " + file + " does not match its hash; run `tandem audit"
                        + " verify " + file + "` and move the file away before writing to it again");
    }

    @Test
    void rejectsAMaxBytesBelowFourKibibytes() {
        assertThatThrownBy(() -> AuditConfig.custom(folder.resolve("a")).maxBytes(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max-bytes must be at least 4096 (4 KiB), was 100");
    }

    @Test
    void rejectsANegativeKeep() {
        assertThatThrownBy(() -> AuditConfig.custom(folder.resolve("a")).keep(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keep must be between 0 and 10000, was -1");
    }

    static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file)) {
            for (String line : lines.toList()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    private static Assessment assessment() {
        return new Assessment(
                PrivacyAssessment.none(),
                new Difficulty(0.1, List.of()),
                new Language(Character.UnicodeScript.LATIN, 1.0),
                new TokenEstimate(5, 10));
    }
}
