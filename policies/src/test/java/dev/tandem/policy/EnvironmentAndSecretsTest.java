package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentAndSecretsTest {

    private static final String SECRET = "sk-proj-abcdef0123456789";

    private static String remoteWith(String apiKeyLine) {
        return """
                name: env
                tiers:
                  local: {locality: local}
                  remote:
                    locality: remote
                    base-url: ${BASE_URL:-https://api.openai.com/v1}
                %s
                    timeouts: {connect: 500ms, call: 2m}
                default: {route: {tier: local}}
                """.formatted(apiKeyLine);
    }

    @Test
    void interpolatesVariablesFromTheGivenEnvironmentOnly() {
        Policy policy = PolicyLoader.parse(
                remoteWith("    api-key: ${OPENAI_API_KEY}"),
                "env.yaml",
                Map.of("OPENAI_API_KEY", SECRET, "BASE_URL", "https://gateway.internal/v1"));

        TierSpec remote = policy.tierSpecs().get("remote");
        assertThat(remote.apiKey().orElseThrow().reveal()).isEqualTo(SECRET);
        assertThat(remote.baseUrl().orElseThrow()).hasToString("https://gateway.internal/v1");
        assertThat(remote.connectTimeout()).contains(Duration.ofMillis(500));
        assertThat(remote.callTimeout()).contains(Duration.ofMinutes(2));
    }

    @Test
    void usesTheDefaultWhenTheVariableIsUnsetOrEmpty() {
        Policy policy = PolicyLoader.parse(remoteWith("    api-key: ${KEY:-none}"), "env.yaml", Map.of("BASE_URL", ""));

        assertThat(policy.tierSpecs().get("remote").baseUrl().orElseThrow()).hasToString("https://api.openai.com/v1");
        assertThat(policy.tierSpecs().get("remote").apiKey().orElseThrow().reveal())
                .isEqualTo("none");
    }

    @Test
    void anUnsetVariableIsReportedByNameWithItsLocation() {
        assertThatThrownBy(() -> PolicyLoader.parse(remoteWith("    api-key: ${OPENAI_API_KEY}"), "env.yaml", Map.of()))
                .hasMessageContaining("env.yaml:7:14: tiers.remote.api-key: environment variable 'OPENAI_API_KEY' is"
                        + " not set; set it, or give a default with ${OPENAI_API_KEY:-default}");
    }

    @Test
    void aDoubleDollarIsALiteralDollar() {
        String yaml = """
                name: env
                tiers: {local: {locality: local}}
                rules:
                  - name: r
                    when: {tenant-matches: "acme$$"}
                    keep-local: {}
                default: {keep-local: {}}
                """;

        Policy policy = PolicyLoader.parse(yaml, "env.yaml", Map.of());

        assertThat(((Clause.TenantMatches)
                                policy.rules().get(0).condition().clauses().get(0))
                        .pattern()
                        .pattern())
                .isEqualTo("acme$");
    }

    @Test
    void anApiKeyInTheWrongPlaceIsNeverQuoted() {
        String yaml = """
                name: env
                tiers:
                  local:
                    locality: local
                    api-key: ${KEY}
                  remote:
                    locality: remote
                    api-key: ["${KEY}"]
                  other: ${KEY}
                default: {route: {tier: local}}
                """;

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "env.yaml", Map.of("KEY", SECRET)))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.getMessage()).doesNotContain(SECRET);
                });
    }

    @Test
    void tierSpecAndSecretMaskTheKeyInToString() {
        TierSpec spec = TierSpec.remote("remote").apiKey(Secret.of(SECRET)).build();

        assertThat(spec.toString()).contains("api-key ****").doesNotContain(SECRET);
        assertThat(Secret.of(SECRET)).hasToString("****");
    }

    @Test
    void theFullExampleLoadsWithItsEnvironment() {
        Policy policy = PolicyLoader.load(
                java.nio.file.Path.of("../samples/policies/full-example.yaml"),
                Map.of("OPENAI_API_KEY", SECRET, "EU_API_KEY", "eu-key"));

        assertThat(policy.rules()).hasSize(11);
        assertThat(policy.tierSpecs()).containsOnlyKeys("local", "remote", "remote-eu");
        assertThat(policy.budgets().store()).isEqualTo(BudgetSettings.StoreType.REDIS);
        assertThat(policy.budgets().budgets())
                .extracting(Budget::name)
                .containsExactly("remote-spend", "trial-requests");
        assertThat(policy.fallbackChain("remote")).containsExactly("local");
        assertThat(policy.assessment().threshold("very-hard")).hasValue(0.85);
        assertThat(policy.toString()).doesNotContain(SECRET);
    }
}
