package dev.tandem.router.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.ObservabilityFixture;
import dev.tandem.router.audit.AuditEntry;
import dev.tandem.router.audit.AuditReader;
import dev.tandem.router.audit.AuditVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestsSentReportTest {

    @TempDir
    Path folder;

    Path audit;
    List<AuditEntry> entries;

    @BeforeEach
    void writeAuditLog() {
        audit = folder.resolve("audit.jsonl");
        RoutingReportTest.writeTraffic(audit, PolicyLoader.parse(RoutingReportTest.POLICY, "report-test.yaml"), 40);
        entries = AuditReader.readTolerant(audit).entries();
    }

    private RequestsSentReport globex() {
        return RequestsSentReport.builder()
                .tenant("globex")
                .window(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"))
                .verification(AuditVerifier.verify(audit))
                .build();
    }

    @Test
    void listsOnlyThisTenantsRequestsInTheWindowThatReachedARemoteTier() {
        List<RequestsSentReport.Sent> sent = globex().select(entries);

        List<AuditEntry> expected = entries.stream()
                .filter(e -> e.tenant().orElse("").equals("globex"))
                .filter(e -> e.time().isBefore(Instant.parse("2026-03-02T00:00:00Z")))
                .filter(e -> e.attempts().stream().anyMatch(a -> a.locality().equals("remote")))
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(sent)
                .extracting(RequestsSentReport.Sent::requestId)
                .containsExactlyElementsOf(
                        expected.stream().map(AuditEntry::requestId).toList());
        assertThat(entries.stream()
                        .filter(e -> e.tenant().orElse("").equals("globex"))
                        .count())
                .isGreaterThan(sent.size());
    }

    @Test
    void namesTheTierModelRedactedKindsAndTheRuleThatAllowedEachRequest() throws Exception {
        JsonNode json = new ObjectMapper().readTree(globex().json(entries));

        assertThat(json.path("tenant").asText()).isEqualTo("globex");
        assertThat(json.path("audit_chain").asText()).isEqualTo("verified");
        assertThat(json.path("contains_text").asBoolean(true)).isFalse();
        JsonNode redacted = null;
        for (JsonNode request : json.path("requests")) {
            JsonNode to = request.path("sent_to").get(0);
            assertThat(to.path("tier").asText()).isEqualTo("remote");
            if (to.path("redacted").has("EMAIL")) {
                redacted = request;
            }
        }
        assertThat(redacted).as("the e-mail request, sent redacted").isNotNull();
        assertThat(redacted.path("allowed_by").asText()).isEqualTo("email-addresses-are-redacted");
        assertThat(redacted.path("sent_to").get(0).path("model").asText()).isEqualTo("big-remote");
        assertThat(redacted.path("sent_to")
                        .get(0)
                        .path("redacted")
                        .path("EMAIL")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void neverHoldsTheTextNorItsHashes() throws Exception {
        String json = globex().json(entries);
        String html = globex().html(entries);
        String log = Files.readString(audit);
        String someHash = log.substring(log.indexOf("\"messages\":[\"") + 13, log.indexOf("\"messages\":[\"") + 77);

        for (String export : List.of(json, html)) {
            assertThat(export)
                    .doesNotContain(ObservabilityFixture.EMAIL, ObservabilityFixture.CARD, "hello", "invoice")
                    .doesNotContain(someHash)
                    .doesNotContain("acme-europe");
        }
        assertThat(html)
                .contains("for globex between 2026-03-01 00:00:00 and 2026-03-02 00:00:00 UTC left this machine")
                .contains("email-addresses-are-redacted")
                .contains("EMAIL ×1");
    }

    @Test
    void saysWhenLinesOfTheLogCouldNotBeRead() throws Exception {
        RequestsSentReport export =
                RequestsSentReport.builder().tenant("globex").skippedLines(2).build();

        assertThat(export.html(entries))
                .contains("in the whole audit log left this machine. The audit log they come from was not checked. 2"
                        + " unreadable lines of the log could not be read: requests recorded there are not listed.");
        assertThat(new ObjectMapper()
                        .readTree(export.json(entries))
                        .path("skipped_lines")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void rejectsABlankTenantAndAnEmptyWindow() {
        assertThatThrownBy(() -> RequestsSentReport.builder().tenant(" "))
                .hasMessage("the tenant must not be blank; use 'anonymous' for requests without one");
        Instant now = Instant.parse("2026-03-01T00:00:00Z");
        assertThatThrownBy(() -> RequestsSentReport.builder()
                        .tenant("acme")
                        .window(now, now)
                        .build())
                .hasMessage("the window's start 2026-03-01T00:00:00Z must be before its end 2026-03-01T00:00:00Z");
        assertThatThrownBy(() -> RequestsSentReport.builder().build())
                .hasMessage("name the tenant whose requests to list with tenant(...)");
    }
}
