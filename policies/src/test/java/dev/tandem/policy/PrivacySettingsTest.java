package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.decision.RedactionMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivacySettingsTest {

    private static final Path FILE = Path.of("src/test/resources/policies/custom-privacy.yaml");

    @Test
    void privacySectionIsReadIntoTheSameConfigObjectsTheBuilderMakes() {
        Policy policy = PolicyLoader.load(FILE, Map.of("OPENAI_API_KEY", "sk-x"));

        AssessmentSettings expected = AssessmentSettings.builder()
                .entityLevel(EntityType.of("PROJECT"), Sensitivity.RESTRICTED)
                .entityLevel(EntityType.of("IP_ADDRESS"), Sensitivity.HIGH)
                .denyList(new AssessmentSettings.DenyListSpec(
                        EntityType.of("PROJECT"), List.of("Bluebird", "Nightjar"), false, true, 0.95))
                .pattern(new AssessmentSettings.PatternSpec(EntityType.of("EMPLOYEE_ID"), "\\bEMP-\\d{6}\\b", 0.8))
                .allowList(new AssessmentSettings.AllowListSpec(
                        List.of("support@acme.example"), List.of(".*@test\\.example"), Set.of(EntityType.of("EMAIL"))))
                .redaction(EntityType.of("EMAIL"), RedactionMethod.MASK)
                .redaction(EntityType.of("CREDIT_CARD"), RedactionMethod.BLOCK)
                .redaction(EntityType.of("PERSON"), RedactionMethod.PSEUDONYM)
                .build();
        assertThat(policy.assessment()).isEqualTo(expected);
        assertThat(policy.assessment().hasCustomRecognizers()).isTrue();
        assertThat(policy.assessment().redactionOf(EntityType.of("IBAN"))).isEqualTo(RedactionMethod.PLACEHOLDER);
    }

    @Test
    void yamlDefaultsOfADenyListAreCaseInsensitiveWholeWordsAndScoreNineTenths() {
        String yaml = """
                name: p
                tiers: {local: {locality: local}}
                default: {route: {tier: local}}
                assessment:
                  privacy:
                    deny-lists: [{type: PROJECT, terms: [Bluebird]}]
                    patterns: [{type: EMPLOYEE_ID, regex: 'EMP-\\d+'}]
                """;

        AssessmentSettings settings = PolicyLoader.parse(yaml, "p.yaml").assessment();

        assertThat(settings.denyLists())
                .containsExactly(new AssessmentSettings.DenyListSpec(
                        EntityType.of("PROJECT"), List.of("Bluebird"), false, true, 0.9));
        assertThat(settings.patterns())
                .containsExactly(new AssessmentSettings.PatternSpec(EntityType.of("EMPLOYEE_ID"), "EMP-\\d+", 0.6));
    }

    @Test
    void taskTypesExtendTheDifficultyExemplarsAndBadOnesAreReportedWithTheirLocation() {
        String yaml = """
                name: p
                tiers: {local: {locality: local}}
                default: {route: {tier: local}}
                assessment:
                  difficulty:
                    task-types:
                      legal-drafting:
                        - Draft a non-disclosure agreement between two companies.
                      coding: [Write a Terraform module for an S3 bucket.]
                """;

        AssessmentSettings settings = PolicyLoader.parse(yaml, "p.yaml").assessment();

        assertThat(settings.taskExemplars())
                .containsExactly(
                        Map.entry("legal-drafting", List.of("Draft a non-disclosure agreement between two companies.")),
                        Map.entry("coding", List.of("Write a Terraform module for an S3 bucket.")));
        String bad = """
                name: p
                tiers: {local: {locality: local}}
                default: {route: {tier: local}}
                assessment:
                  difficulty:
                    task-types:
                      Legal: [Draft a contract.]
                      empty: []
                """;
        assertThatThrownBy(() -> PolicyLoader.parse(bad, "bad.yaml"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("bad.yaml:7:7")
                .hasMessageContaining("task type 'Legal' must match [a-z][a-z0-9-]*")
                .hasMessageContaining("bad.yaml:8:7")
                .hasMessageContaining("task type 'empty' has no exemplar; add at least one example prompt");
    }

    @Test
    void unscannableContentIsKeptLocalAndFailuresFailClosedUnlessThePolicyOptsOut() {
        String yaml = """
                name: p
                tiers: {local: {locality: local}}
                default: {route: {tier: local}}
                assessment:
                  privacy:
                    send-unscannable-content: true
                    fail-closed: false
                """;

        AssessmentSettings settings = PolicyLoader.parse(yaml, "p.yaml").assessment();

        assertThat(AssessmentSettings.defaults().sendUnscannableContent()).isFalse();
        assertThat(AssessmentSettings.defaults().failClosed()).isTrue();
        assertThat(settings)
                .isEqualTo(AssessmentSettings.builder()
                        .sendUnscannableContent(true)
                        .failClosed(false)
                        .build());
    }

    @Test
    void aNonBooleanUnscannableOrFailClosedSettingIsReportedWithItsLocation() {
        String bad = """
                name: p
                tiers: {local: {locality: local}}
                default: {route: {tier: local}}
                assessment:
                  privacy:
                    send-unscannable-content: sometimes
                    fail-closed: 'no'
                """;

        assertThatThrownBy(() -> PolicyLoader.parse(bad, "bad.yaml"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(
                        "bad.yaml:6:31: assessment.privacy.send-unscannable-content: expected true or false, got"
                                + " 'sometimes'")
                .hasMessageContaining(
                        "bad.yaml:7:18: assessment.privacy.fail-closed: expected true or false, got 'no'");
    }

    @Test
    void denyListToStringShowsTheNumberOfTermsNeverTheTerms() {
        var spec = new AssessmentSettings.DenyListSpec(
                EntityType.of("CUSTOMER"), List.of("Jane Roe Holdings"), false, true, 0.9);

        assertThat(spec.toString()).contains("terms=1").doesNotContain("Jane");
    }

    @Test
    void redactionPlanCannotBlock() {
        assertThatThrownBy(() -> dev.tandem.core.decision.RedactionPlan.of(
                        Map.of(EntityType.of("CREDIT_CARD"), RedactionMethod.BLOCK)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a redaction plan cannot block a type; blocked types keep the request off remote tiers");
    }
}
