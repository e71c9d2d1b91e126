package dev.tandem.router.report;

import static dev.tandem.router.ObservabilityFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.request.CallerMetadata;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.ObservabilityFixture;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.audit.AuditConfig;
import dev.tandem.router.audit.AuditEntry;
import dev.tandem.router.audit.AuditLog;
import dev.tandem.router.audit.AuditReader;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.metrics.Price;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingReportTest {

    static final List<String> CHARTS = List.of(
            "local-share", "personal-data", "redactions", "reasons", "tenants", "fallbacks", "latency", "savings");

    /** Cards stay local, e-mail addresses are redacted, one rule never matches, a daily budget on remote requests. */
    static final String POLICY = """
            name: report-test
            tiers:
              local: { locality: local }
              remote: { locality: remote }
            rules:
              - name: payment-cards-stay-on-this-machine-whatever-else-the-request-holds
                when: { entity-types: [CREDIT_CARD] }
                keep-local: {}
              - name: email-addresses-are-redacted
                when: { entity-types: [EMAIL] }
                redact-then-remote: { tier: remote, fallback: [local] }
              - name: auditors-stay-local
                when: { tenant: auditors }
                keep-local: {}
              - name: everything-else-remote
                when: { difficulty-at-least: 0.0 }
                route: { tier: remote, fallback: [local] }
            default:
              route: { tier: local }
            budgets:
              limits:
                - name: remote-requests
                  period: day
                  max-requests: 20
                  tiers: [remote]
            """;

    @TempDir
    Path folder;

    Path auditFile;
    Policy policy;

    /** A day and a half of traffic from three tenants, with a policy reload half-way. */
    @BeforeEach
    void writeAuditLog() {
        auditFile = folder.resolve("audit.jsonl");
        policy = PolicyLoader.parse(POLICY, "report-test.yaml");
        writeTraffic(auditFile, policy, 40);
    }

    static void writeTraffic(Path file, Policy policy, int requests) {
        ObservabilityFixture fixture = new ObservabilityFixture();
        AtomicReference<Policy> inForce = new AtomicReference<>(policy);
        try (AuditLog audit =
                AuditLog.open(AuditConfig.custom(file).clock(fixture.clock).build())) {
            TandemRouter router = fixture.router(inForce::get, audit);
            for (int i = 0; i < requests; i++) {
                fixture.clock.advance(Duration.ofMinutes(53));
                if (i == requests / 2) {
                    // What a policy watcher does when the file changes: the next request runs under the new policy.
                    inForce.set(reloadedWithCalibration(file.resolveSibling("calibration.json")));
                }
                String prompt = switch (i % 6) {
                    case 0 -> "FAIL hello " + i;
                    case 1 -> "Mail " + ObservabilityFixture.EMAIL + " about the invoice " + i;
                    case 2 -> ObservabilityFixture.PERSONAL_PROMPT;
                    case 3 -> "FAIL BOTH " + i;
                    default -> "hello " + i;
                };
                String tenant =
                        List.of("acme-europe-customer-support", "globex", "").get(i % 3);
                CallerMetadata caller = tenant.isEmpty()
                        ? CallerMetadata.none()
                        : CallerMetadata.builder().tenant(tenant).build();
                try {
                    router.chat(request("r" + i, prompt, caller));
                } catch (RuntimeException expected) {
                    // failures are part of the report
                }
            }
        }
    }

    /** The test policy, renamed and with a calibration file (a copy of the built-in one without embedding). */
    static Policy reloadedWithCalibration(Path calibration) {
        try (InputStream builtIn =
                CalibratedDifficultyEstimator.class.getResourceAsStream("calibration-default-no-embedding.json")) {
            Files.copy(builtIn, calibration, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String reloaded = POLICY.replace("name: report-test", "name: report-test-v2")
                + "assessment:\n  difficulty:\n    calibration-file: " + calibration.toAbsolutePath() + "\n";
        return PolicyLoader.parse(reloaded, "report-test-v2.yaml");
    }

    String render(Path file) {
        return RoutingReport.builder()
                .price("remote", Price.perMillion(0.15, 0.60))
                .price("local", Price.free())
                .policy(policy)
                .verification(AuditVerifier.verify(file))
                .build()
                .render(AuditReader.readTolerant(file));
    }

    @Test
    void isOneSelfContainedPageWithEveryChartAndNoText() {
        String html = render(auditFile);

        for (String chart : CHARTS) {
            assertThat(html).contains("data-chart=\"" + chart + "\"");
        }
        assertThat(html)
                .doesNotContain("http://", "https://", "src=", "<link", "@import", "<script")
                .doesNotContain(ObservabilityFixture.EMAIL, ObservabilityFixture.CARD, "hello", "invoice")
                .contains("40 requests from 2026-03-01 09:53:00 to 2026-03-02 20:20:04 UTC")
                .contains("The hash chain verified.");
    }

    @Test
    void headlineSaysTheChainDidNotVerifyAndWhatWasSkipped() throws Exception {
        List<String> lines = Files.readAllLines(auditFile);
        lines.set(3, "{\"type\":\"request\",\"seq\":3, cut off by a full disk");
        lines.set(7, lines.get(7).replace("\"completed\"", "\"failed\""));
        Files.write(auditFile, lines);

        String html = render(auditFile);

        assertThat(headline(html))
                .contains("39 requests from")
                .contains("The hash chain did not verify")
                .contains("1 unreadable line was skipped");
        assertThat(html).contains("audit.jsonl:4: not a JSON record").contains("headline bad");
    }

    @Test
    void anEmptyLogGivesAPageThatSaysSo() {
        Path empty = folder.resolve("empty.jsonl");
        AuditLog.open(AuditConfig.custom(empty).build()).close();

        String html = render(empty);

        assertThat(headline(html)).isEqualTo("The audit log holds no request records. The hash chain verified.");
        assertThat(html).doesNotContain("<svg").contains("class=\"empty\" data-section=\"local-share\"");
    }

    @Test
    void personalDataIsCountedByTypeAndByWhatHappenedToIt() {
        String html = render(auditFile);

        // 40 requests: 7 with a card and an e-mail address (kept local), 7 with an e-mail address alone (redacted)
        assertThat(html)
                .contains("<tr><th scope=\"row\">EMAIL</th><td>14</td><td>7</td><td>7</td><td>0</td><td>0</td></tr>")
                .contains(
                        "<tr><th scope=\"row\">CREDIT_CARD</th><td>7</td><td>7</td><td>0</td><td>0</td><td>0</td></tr>");
    }

    @Test
    void listsTheRulesThatMatchedNothingAndTheBudgetUsePerTenant() {
        String html = render(auditFile);

        assertThat(html)
                .contains("1 of 4 rules of policy &#39;report-test&#39; gave no reason")
                .contains("<th scope=\"row\">auditors-stay-local</th>")
                .containsPattern(
                        "<th scope=\"row\">globex</th>(<td>[^<]*</td>){2}<td>remote-requests \\d+% \\(2026-03-0[12]\\)</td>");
    }

    @Test
    void marksThePolicyChangeOnTheTimeline() {
        String html = render(auditFile);

        assertThat(AuditReader.readTolerant(auditFile).policyChanges())
                .singleElement()
                .satisfies(change -> {
                    assertThat(change.policy()).isEqualTo("report-test-v2");
                    assertThat(change.calibration()).matches("calibration\\.json sha256:[0-9a-f]{12}");
                });
        assertThat(html)
                .containsPattern(
                        "<title>policy &#39;report-test-v2&#39; \\(4 rules, calibration calibration\\.json sha256:[0-9a-f]{12}\\) from 2026-03-02");
        assertThat(AuditVerifier.verify(auditFile).valid()).isTrue();
    }

    @Test
    void showsEscalationsByRouteWhenTheLogHasThem() {
        List<AuditEntry> entries =
                new ArrayList<>(AuditReader.readTolerant(auditFile).entries());
        AuditEntry e = entries.get(4);
        entries.set(
                4,
                new AuditEntry(
                        e.seq(),
                        e.time(),
                        e.requestId(),
                        e.tenant(),
                        e.status(),
                        e.target(),
                        e.route(),
                        e.tier(),
                        e.locality(),
                        e.model(),
                        e.rules(),
                        e.entities(),
                        e.redactions(),
                        e.fallbacks(),
                        List.of(new AuditEntry.Escalated("local", "remote", 0.42, 0.7)),
                        e.attempts(),
                        e.error(),
                        e.latencyMillis(),
                        e.tokensIn(),
                        e.tokensOut()));

        String html = RoutingReport.builder().build().render(entries);

        assertThat(html)
                .contains("data-chart=\"escalations\"")
                .contains("<tr><th scope=\"row\">local → remote</th><td>1</td><td>0.42</td><td>0.70</td></tr>")
                .doesNotContain("data-section=\"escalations\"><strong>");
    }

    @Test
    void bucketsFollowTheSpanOfTheLog() {
        var minute = java.time.Instant.parse("2026-03-01T09:00:00Z");

        TimeBuckets twentyInAMinute = TimeBuckets.covering(minute, minute.plusSeconds(59), 20, 24);
        TimeBuckets aDay = TimeBuckets.covering(minute, minute.plus(Duration.ofHours(23)), 500, 24);
        TimeBuckets aQuarter = TimeBuckets.covering(minute, minute.plus(Duration.ofDays(90)), 5000, 12);

        assertThat(twentyInAMinute.width()).isEqualTo(Duration.ofSeconds(10));
        assertThat(twentyInAMinute.count()).isEqualTo(6);
        assertThat(aDay.width()).isEqualTo(Duration.ofHours(1));
        assertThat(aQuarter.width()).isEqualTo(Duration.ofDays(30));
        assertThat(aQuarter.count()).isLessThanOrEqualTo(12);
    }

    @Test
    void percentilesUseTheNearestRank() {
        List<Long> sorted = List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);

        assertThat(Sections.percentile(sorted, 0.5)).isEqualTo(50);
        assertThat(Sections.percentile(sorted, 0.9)).isEqualTo(90);
        assertThat(Sections.percentile(sorted, 0.99)).isEqualTo(100);
    }

    @Test
    void axisTicksAreRoundAndCoverTheLargestValue() {
        Axis latency = Axis.covering(0, 2367, 4, Charts::duration);

        assertThat(latency.labels()).containsExactly("0", "1 s", "2 s", "3 s");
    }

    static String headline(String html) {
        Matcher matcher = Pattern.compile("<p class=\"headline[^\"]*\" role=\"status\">([^<]*)</p>")
                .matcher(html);
        assertThat(matcher.find()).as("a headline").isTrue();
        return matcher.group(1);
    }
}
