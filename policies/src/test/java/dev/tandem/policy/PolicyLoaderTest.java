package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.tier.Locality;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

    @Test
    void privacyFirstPresetKeepsSensitiveRequestsLocalAndSendsHardOnesRemote() {
        Policy policy = PolicyLoader.preset("privacy-first");

        assertThat(policy.name()).isEqualTo("privacy-first");
        assertThat(policy.tiers()).containsOnlyKeys("local", "remote");
        assertThat(policy.tiers().get("remote").locality()).isEqualTo(Locality.REMOTE);
        Rule first = policy.rules().get(0);
        assertThat(first.condition().sensitivityAtLeast()).contains(Sensitivity.HIGH);
        assertThat(first.action()).isEqualTo(new Action.KeepLocal(Optional.empty()));
        assertThat(policy.rules())
                .extracting(Rule::name)
                .containsExactly("personal-data-stays-local", "long-prompts-go-remote", "hard-requests-go-remote");
        assertThat(policy.defaultAction()).isEqualTo(new Action.Route("local", List.of("remote")));
    }

    @Test
    void unknownKeyIsReportedWithLocationPathAndSuggestion() {
        Path file = resource("misspelt-key.yaml");

        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(file + ":8:7: rules[0].when.dificulty-at-least: unknown key"
                        + " 'dificulty-at-least', did you mean 'difficulty-at-least'?");
    }

    @Test
    void undefinedTierIsReportedWhereItIsReferenced() {
        Path file = resource("undefined-tier.yaml");

        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(file + ":12:7: rules[0].route.tier: tier 'remot' is not declared under tiers"
                        + " (declared: local, remote), did you mean 'remote'?");
    }

    @Test
    void anApiKeyOverPlainHttpToAnotherMachineIsRefusedAtTheBaseUrlUnlessExplicitlyAllowed() {
        String yaml = """
                name: cleartext
                tiers:
                  local:
                    locality: local
                  remote:
                    locality: remote
                    base-url: http://gateway.internal:8080/v1
                    api-key: sk-SECRET-1
                default:
                  route:
                    tier: local
                """;

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "cleartext.yaml"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(
                        "cleartext.yaml:7:15: tiers.remote.base-url: tier 'remote' would send its api-key in"
                                + " clear text over http to gateway.internal; use an https:// base-url, or, on a network"
                                + " you trust, set allow-cleartext-credentials: true")
                .hasMessageNotContaining("SECRET");
        Policy allowed = PolicyLoader.parse(
                yaml.replace("api-key: sk-SECRET-1", "api-key: sk-SECRET-1\n    allow-cleartext-credentials: true"),
                "cleartext.yaml");
        assertThat(allowed.tierSpecs().get("remote").allowCleartextCredentials())
                .isTrue();
        Policy loopback = PolicyLoader.parse(yaml.replace("gateway.internal", "127.0.0.1"), "loopback.yaml");
        assertThat(loopback.tierSpecs().get("remote").baseUrl())
                .hasValueSatisfying(url -> assertThat(url.getHost()).isEqualTo("127.0.0.1"));
    }

    @Test
    void aBaseUrlWithCredentialsOrAQueryIsRefusedWithoutQuotingThem() {
        String yaml = """
                name: leaky
                tiers:
                  local:
                    locality: local
                  remote:
                    locality: remote
                    base-url: %s
                default:
                  route:
                    tier: local
                """;

        assertThatThrownBy(() -> PolicyLoader.parse(yaml.formatted("https://bob:pw-SECRET@gw.example/v1"), "a.yaml"))
                .hasMessageContaining("a.yaml:7:15: tiers.remote.base-url: base-url must not carry credentials"
                        + " (user:password@host); put the key in api-key")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> PolicyLoader.parse(yaml.formatted("https://gw.example/v1?key=q-SECRET"), "b.yaml"))
                .hasMessageContaining("b.yaml:7:15: tiers.remote.base-url: base-url 'https://gw.example/v1?***' must"
                        + " not have a query or fragment")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(
                        () -> PolicyLoader.parse(yaml.formatted("\"https://bob:pw-SECRET@gw example/v1\""), "c.yaml"))
                .hasMessageContaining("'https://***@gw example/v1' is not a URL")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void tabsAreASyntaxErrorWithTheirLine() {
        Path file = resource("tabs.yaml");

        InvalidPolicyException error = catchInvalid(file);

        assertThat(error.problems()).hasSize(1);
        PolicyProblem problem = error.problems().get(0);
        assertThat(problem.describe())
                .isEqualTo(file + ":3:1: YAML syntax error: a tab character; YAML indents with spaces, not tabs");
    }

    @Test
    void crossReferencesAreCheckedOnceEveryFieldReads() {
        String yaml = """
                name: no-local
                tiers:
                  remote:
                    locality: remote
                rules:
                  - name: private
                    when:
                      sensitivity-at-least: high
                    keep-local: {}
                default:
                  route:
                    tier: remote
                """;

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "inline.yaml"))
                .hasMessageContaining(
                        "inline.yaml:9:5: rules[0].keep-local: keep-local needs a local tier, and the policy declares none");
    }

    @Test
    void duplicateKeyIsRejected() {
        Path file = resource("duplicate-key.yaml");

        assertThatThrownBy(() -> PolicyLoader.load(file))
                .hasMessageContaining(file + ":9:3: default.route: duplicate key 'route'");
    }

    @Test
    void everyProblemInAFileIsReportedAtOnceInFileOrder() {
        Path file = resource("many-problems.yaml");

        InvalidPolicyException error = catchInvalid(file);

        assertThat(error.problems())
                .extracting(PolicyProblem::describe)
                .containsExactly(
                        file + ":4:15: tiers.local.locality: 'nearby' is not allowed (allowed: local, remote)",
                        file
                                + ":8:28: rules[0].when.difficulty-at-least: difficulty-at-least must be in [0, 1], was 1.5",
                        file + ":9:29: rules[0].when.sensitivity-at-least: unknown sensitivity 'secret', expected one"
                                + " of none, low, high, restricted",
                        file + ":12:5: rules[1]: give one action, not both 'keep-local' and 'route'",
                        file + ":14:27: rules[1].when.prompt-tokens-over: expected a whole number, got 'lots'");
    }

    @Test
    void wrongTypesAreReportedWithWhatWasExpected() {
        Path file = resource("wrong-types.yaml");

        InvalidPolicyException error = catchInvalid(file);

        assertThat(error.problems())
                .extracting(PolicyProblem::describe)
                .containsExactly(
                        file + ":2:8: tiers: expected a mapping, got a list",
                        file + ":4:3: rules: expected a list, got a mapping",
                        file + ":5:10: default: expected a mapping, got the value 'local'");
    }

    @Test
    void missingFileSaysSo() {
        Path file = Path.of("does-not-exist.yaml");

        assertThatThrownBy(() -> PolicyLoader.load(file))
                .hasMessageContaining("does-not-exist.yaml: no such file; check the path");
    }

    @Test
    void calibratedNamesTheCalibrationsThresholdAndCannotBeRedefined() {
        String rules = """
                name: calibrated
                tiers: {local: {locality: local}, remote: {locality: remote}}
                rules:
                  - {name: hard, when: {difficulty-at-least: calibrated}, route: {tier: remote}}
                default: {keep-local: {}}
                """;
        String redefined = rules.replace("rules:", "assessment: {difficulty: {thresholds: {calibrated: 0.4}}}\nrules:");

        Policy policy = PolicyLoader.parse(rules, "calibrated.yaml");

        assertThat(policy.rules().get(0).condition().clauses())
                .containsExactly(new Clause.DifficultyAtLeast(0.6, Optional.of("calibrated")));
        assertThatThrownBy(() -> PolicyLoader.parse(redefined, "redefined.yaml"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("redefined.yaml:3:52: assessment.difficulty.thresholds.calibrated: threshold"
                        + " name 'calibrated' is reserved: it stands for the difficulty calibration's own threshold");
    }

    private static InvalidPolicyException catchInvalid(Path file) {
        try {
            PolicyLoader.load(file);
        } catch (InvalidPolicyException e) {
            return e;
        }
        throw new AssertionError("expected " + file + " to be invalid");
    }

    private static Path resource(String name) {
        try {
            return Path.of(
                    PolicyLoaderTest.class.getResource("/policies/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
