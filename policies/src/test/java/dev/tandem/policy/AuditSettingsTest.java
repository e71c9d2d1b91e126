package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {

    private static final String BASE = """
            name: audited
            extends: privacy-first
            """;

    @Test
    void theAuditKeySwitchesTheLogOnWithItsRotation() {
        Policy policy =
                PolicyLoader.parse(BASE + "audit: {file: logs/audit.jsonl, max-bytes: 65536, keep: 3}\n", "a.yaml");

        assertThat(policy.audit()).contains(new AuditSettings(Path.of("logs/audit.jsonl"), 65_536, 3));
    }

    @Test
    void rotationDefaultsApplyWhenOnlyTheFileIsGiven() {
        Policy policy = PolicyLoader.parse(BASE + "audit: {file: audit.jsonl}\n", "a.yaml");

        assertThat(policy.audit()).contains(AuditSettings.of(Path.of("audit.jsonl")));
        assertThat(PolicyLoader.parse(BASE, "b.yaml").audit()).isEmpty();
    }

    @Test
    void withAuditReplacesTheAuditSectionAndKeepsEverythingElse() {
        Policy policy = PolicyLoader.parse(BASE + "audit: {file: policy-audit.jsonl}\n", "a.yaml");
        AuditSettings elsewhere = new AuditSettings(Path.of("spring-audit.jsonl"), 8_192, 2);

        Policy audited = policy.withAudit(elsewhere);

        assertThat(audited.audit()).contains(elsewhere);
        assertThat(audited.name()).isEqualTo(policy.name());
        assertThat(audited.tierSpecs()).isEqualTo(policy.tierSpecs());
        assertThat(audited.rules()).isEqualTo(policy.rules());
        assertThat(audited.defaultAction()).isEqualTo(policy.defaultAction());
        assertThat(audited.assessment()).isEqualTo(policy.assessment());
        assertThat(policy.audit()).contains(AuditSettings.of(Path.of("policy-audit.jsonl")));
    }

    @Test
    void aMissingFileIsReportedAtTheAuditKey() {
        assertThatThrownBy(() -> PolicyLoader.parse(BASE + "audit:\n  keep: 3\n", "a.yaml"))
                .hasMessageContaining("a.yaml:4:3: audit: missing required key 'file'");
    }

    @Test
    void aTooSmallRotationSizeIsReportedWhereItIsWritten() {
        assertThatThrownBy(() -> PolicyLoader.parse(BASE + "audit:\n  file: a.jsonl\n  max-bytes: 100\n", "a.yaml"))
                .hasMessageContaining("a.yaml:5:14: audit.max-bytes: audit.max-bytes must be at least 4096, was 100");
    }

    @Test
    void anOutOfRangeKeepIsReportedWhereItIsWritten() {
        assertThatThrownBy(() -> PolicyLoader.parse(BASE + "audit:\n  file: a.jsonl\n  keep: -1\n", "a.yaml"))
                .hasMessageContaining("a.yaml:5:9: audit.keep: audit.keep must be in [0, 10000], was -1");
    }

    @Test
    void anUnknownAuditKeyGetsASuggestion() {
        assertThatThrownBy(() -> PolicyLoader.parse(BASE + "audit:\n  file: a.jsonl\n  kep: 2\n", "a.yaml"))
                .hasMessageContaining("audit.kep: unknown key 'kep', did you mean 'keep'?");
    }

    @Test
    void theChainKeyCheckpointAndRefusalAreReadFromTheirKeys() {
        Policy policy = PolicyLoader.parse(BASE + """
                audit:
                  file: logs/audit.jsonl
                  hmac-key: 0123456789abcdef-seal
                  checkpoint: /var/lib/tandem/audit.checkpoint
                  refuse-when-unwritable: true
                """, "a.yaml");

        AuditSettings audit = policy.audit().orElseThrow();
        assertThat(audit.hmacKey()).map(Secret::reveal).contains("0123456789abcdef-seal");
        assertThat(audit.checkpoint()).contains(Path.of("/var/lib/tandem/audit.checkpoint"));
        assertThat(audit.refuseWhenUnwritable()).isTrue();
        assertThat(audit).hasToString(audit.toString().replace("0123456789abcdef-seal", "****"));
    }

    @Test
    void withoutTheNewKeysTheChainIsUnkeyedAndRequestsAreServedUnaudited() {
        AuditSettings audit = PolicyLoader.parse(BASE + "audit: {file: a.jsonl}\n", "a.yaml")
                .audit()
                .orElseThrow();

        assertThat(audit.hmacKey()).isEmpty();
        assertThat(audit.checkpoint()).isEmpty();
        assertThat(audit.refuseWhenUnwritable()).isFalse();
    }

    @Test
    void aShortChainKeyIsReportedWhereItIsWrittenWithoutQuotingIt() {
        assertThatThrownBy(
                        () -> PolicyLoader.parse(BASE + "audit:\n  file: a.jsonl\n  hmac-key: short-key\n", "a.yaml"))
                .hasMessageContaining(
                        "a.yaml:5:13: audit.hmac-key: audit.hmac-key must be at least 16 bytes, was 9 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-key"));
    }

    @Test
    void aCheckpointOnTheLogItselfIsReportedWhereItIsWritten() {
        assertThatThrownBy(
                        () -> PolicyLoader.parse(BASE + "audit:\n  file: a.jsonl\n  checkpoint: a.jsonl\n", "a.yaml"))
                .hasMessageContaining(
                        "a.yaml:5:15: audit.checkpoint: audit.checkpoint must not be the log file itself (a.jsonl)");
    }

    @Test
    void aRefusalSwitchThatIsNotABooleanIsReportedWhereItIsWritten() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        BASE + "audit:\n  file: a.jsonl\n  refuse-when-unwritable: sometimes\n", "a.yaml"))
                .hasMessageContaining(
                        "a.yaml:5:27: audit.refuse-when-unwritable: expected true or false, got 'sometimes'");
    }

    @Test
    void theRotationOnlyConstructorLeavesTheNewSettingsAtTheirDefaults() {
        assertThat(new AuditSettings(Path.of("a.jsonl"), 65_536, 3))
                .isEqualTo(new AuditSettings(Path.of("a.jsonl"), 65_536, 3, Optional.empty(), Optional.empty(), false));
    }
}
