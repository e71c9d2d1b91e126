package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A remote tier's Azure settings and request defaults in YAML: read into the spec, bad values at file:line:col. */
class RemoteTierOptionsTest {

    private static final String POLICY = """
            name: azure
            tiers:
              local:
                locality: local
              remote:
                locality: remote
                base-url: https://my-resource.openai.azure.com
            %s
            default:
              route:
                tier: local
            """;

    @Test
    void azureSettingsAndParametersAreRead() {
        Policy policy = PolicyLoader.parse(POLICY.formatted("""
                azure:
                  deployment: gpt-4o-mini
                  api-version: 2024-10-21
                parameters:
                  seed: 42
                  user: support-app
                  reasoning-effort: low
                  max-tokens-field: max-completion-tokens
                  parallel-tool-calls: false
                  custom:
                    service_tier: flex
                    metadata: {team: support, priority: 2}
                    store: true
            """), "azure.yaml");

        TierSpec remote = policy.tierSpecs().get("remote");

        assertThat(remote.azureDeployment()).contains("gpt-4o-mini");
        assertThat(remote.apiVersion()).contains("2024-10-21");
        TierSpec.RemoteParameters parameters = remote.parameters();
        assertThat(parameters.seed()).contains(42);
        assertThat(parameters.user()).contains("support-app");
        assertThat(parameters.reasoningEffort()).contains("low");
        assertThat(parameters.maxTokensField()).contains("max-completion-tokens");
        assertThat(parameters.parallelToolCalls()).contains(false);
        assertThat(parameters.custom())
                .containsExactly(
                        Map.entry("service_tier", "flex"),
                        Map.entry("metadata", Map.of("team", "support", "priority", 2L)),
                        Map.entry("store", true));
    }

    @Test
    void everyBadValueIsReportedAtItsOwnLineAndColumn() {
        String yaml = POLICY.formatted("""
                azure:
                  deployment: "gpt 4o"
                  api-version: october
                parameters:
                  seed: forty-two
                  user: ""
                  reasoning-effort: extreme
                  max-tokens-field: max_output
                  parallel-tool-calls: sometimes
                  custom:
                    Service-Tier: flex
            """);

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "bad.yaml"))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems().stream()
                                        .map(PolicyProblem::describe)
                                        .toList())
                                .containsExactlyInAnyOrder(
                                        "bad.yaml:9:19: tiers.remote.azure.deployment: azure.deployment 'gpt 4o' is not a"
                                                + " deployment name (letters, digits, '.', '_' and '-', up to 64)",
                                        "bad.yaml:10:20: tiers.remote.azure.api-version: azure.api-version 'october' is not"
                                                + " an API version; write it like 2024-10-21 or 2025-01-01-preview",
                                        "bad.yaml:12:13: tiers.remote.parameters.seed: expected a whole number, got"
                                                + " 'forty-two'",
                                        "bad.yaml:13:13: tiers.remote.parameters.user: parameters.user must be 1 to 256"
                                                + " characters, was blank",
                                        "bad.yaml:14:25: tiers.remote.parameters.reasoning-effort: parameters.reasoning-effort"
                                                + " 'extreme' must be one of none, minimal, low, medium, high, xhigh",
                                        "bad.yaml:15:25: tiers.remote.parameters.max-tokens-field: parameters.max-tokens-field"
                                                + " 'max_output' must be one of auto, max-tokens, max-completion-tokens",
                                        "bad.yaml:16:28: tiers.remote.parameters.parallel-tool-calls: expected true or"
                                                + " false, got 'sometimes'",
                                        "bad.yaml:18:9: tiers.remote.parameters.custom.Service-Tier: parameters.custom key"
                                                + " 'Service-Tier' must be a body field name in snake case, like"
                                                + " service_tier"));
    }

    @Test
    void aDeploymentWithoutAnApiVersionIsRefusedAtTheAzureKey() {
        String yaml = POLICY.formatted("""
                azure:
                  deployment: gpt-4o-mini
            """);

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "azure.yaml"))
                .hasMessageContaining("azure.yaml:9:7: tiers.remote.azure: missing required key 'api-version'");
    }

    @Test
    void remoteOptionsOnALocalTierAreRefused() {
        String yaml = """
                name: misplaced
                tiers:
                  local:
                    locality: local
                    parameters: {seed: 1}
                default:
                  route:
                    tier: local
                """;

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "misplaced.yaml"))
                .hasMessageContaining(
                        "misplaced.yaml:5:5: tiers.local.parameters: 'parameters' is only for remote" + " tiers");
    }

    @Test
    void aLocalTierTurnsToolCallingAndJsonAnswersOnAndBadCountsAreRefused() {
        String yaml = """
                name: local-tools
                tiers:
                  local:
                    locality: local
                    tool-calling: true
                    structured-output-attempts: %s
                default:
                  route:
                    tier: local
                """;

        TierSpec local =
                PolicyLoader.parse(yaml.formatted("3"), "ok.yaml").tierSpecs().get("local");

        assertThat(local.toolCalling()).isTrue();
        assertThat(local.structuredOutputAttempts()).isEqualTo(3);
        assertThatThrownBy(() -> PolicyLoader.parse(yaml.formatted("9"), "nine.yaml"))
                .hasMessageContaining("nine.yaml:6:33: tiers.local.structured-output-attempts:"
                        + " structured-output-attempts must be between 0 (off) and 5, was 9");
    }
}
