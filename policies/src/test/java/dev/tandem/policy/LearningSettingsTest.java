package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LearningSettingsTest {

    private static final String BASE = """
            name: learning
            extends: privacy-first
            """;

    @Test
    void theLearningSectionReadsWithShadowMode() {
        Policy policy = PolicyLoader.parse(BASE + """
                learning:
                  store: labels/traffic.jsonl
                  max-lines: 5000
                  escalations: false
                  shadow:
                    tier: remote
                    sample: 0.05
                    when: {difficulty-below: 0.6}
                    agreement: {judge: remote}
                """, "a.yaml");

        LearningSettings learning = policy.learning().orElseThrow();
        assertThat(learning.store()).isEqualTo(Path.of("labels/traffic.jsonl"));
        assertThat(learning.maxLines()).isEqualTo(5000);
        assertThat(learning.escalations()).isFalse();
        LearningSettings.Shadow shadow = learning.shadow().orElseThrow();
        assertThat(shadow.tier()).isEqualTo("remote");
        assertThat(shadow.sample()).isEqualTo(0.05);
        assertThat(shadow.when().clauses()).hasSize(1);
        assertThat(shadow.agreement()).isEqualTo(new LearningSettings.Agreement.Judge("remote"));
    }

    @Test
    void defaultsAreTenThousandLinesEscalationsOnNormalisedMatchAndNoShadow() {
        Policy withStore = PolicyLoader.parse(BASE + "learning: {store: t.jsonl}\n", "a.yaml");
        Policy withShadow =
                PolicyLoader.parse(BASE + "learning: {store: t.jsonl, shadow: {tier: remote, sample: 1}}\n", "b.yaml");

        assertThat(withStore.learning().orElseThrow())
                .isEqualTo(new LearningSettings(Path.of("t.jsonl"), 10_000, true, java.util.Optional.empty()));
        assertThat(withShadow.learning().orElseThrow().shadow().orElseThrow().agreement())
                .isEqualTo(new LearningSettings.Agreement.NormalisedMatch());
        assertThat(withShadow
                        .learning()
                        .orElseThrow()
                        .shadow()
                        .orElseThrow()
                        .when()
                        .isAlways())
                .isTrue();
        assertThat(PolicyLoader.parse(BASE, "c.yaml").learning()).isEmpty();
    }

    @Test
    void aSampleOutsideZeroToOneIsReportedWhereItIsWritten() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        BASE + "learning:\n  store: t.jsonl\n  shadow:\n    tier: remote\n    sample: 1.5\n", "a.yaml"))
                .hasMessageContaining(
                        "a.yaml:7:13: learning.shadow.sample: learning.shadow.sample must be in (0, 1], was 1.5");
    }

    @Test
    void anUnknownAgreementIsReportedWithTheChoices() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        BASE + "learning:\n  store: t.jsonl\n  shadow:\n    tier: remote\n    sample: 1\n"
                                + "    agreement: exact\n",
                        "a.yaml"))
                .hasMessageContaining("a.yaml:8:16: learning.shadow.agreement: agreement must be 'normalised-match',"
                        + " {check: NAME} or {judge: TIER}, was 'exact'");
    }

    @Test
    void aLocalShadowTierIsRefused() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        BASE + "learning:\n  store: t.jsonl\n  shadow:\n    tier: local\n    sample: 1\n", "a.yaml"))
                .hasMessageContaining("a.yaml:6:5: learning.shadow.tier: tier 'local' is local; shadow mode"
                        + " compares local answers with a remote tier's");
    }

    @Test
    void anUndeclaredJudgeTierIsRefusedWithASuggestion() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        BASE + "learning:\n  store: t.jsonl\n  shadow:\n    tier: remote\n    sample: 1\n"
                                + "    agreement: {judge: remot}\n",
                        "a.yaml"))
                .hasMessageContaining("learning.shadow.agreement.judge: tier 'remot' is not declared under tiers")
                .hasMessageContaining("did you mean 'remote'?");
    }

    @Test
    void tooFewMaxLinesAreReported() {
        assertThatThrownBy(() -> PolicyLoader.parse(BASE + "learning:\n  store: t.jsonl\n  max-lines: 5\n", "a.yaml"))
                .hasMessageContaining(
                        "a.yaml:5:14: learning.max-lines: learning.max-lines must be in [100, 1000000]," + " was 5");
    }

    @Test
    void aMisspelledKeyGetsASuggestion() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        BASE + "learning:\n  store: t.jsonl\n  shadow: {tier: remote, sampel: 1}\n", "a.yaml"))
                .hasMessageContaining("learning.shadow.sampel: unknown key 'sampel', did you mean 'sample'?");
    }

    @Test
    void theStoreIsRequired() {
        assertThatThrownBy(() -> PolicyLoader.parse(BASE + "learning:\n  max-lines: 500\n", "a.yaml"))
                .hasMessageContaining("a.yaml:4:3: learning: missing required key 'store'");
    }
}
